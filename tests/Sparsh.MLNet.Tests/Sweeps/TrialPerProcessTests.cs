using System.Diagnostics;

namespace Sparsh.MLNet.Tests.Sweeps;

/// <summary>
/// The trial-per-process CLI (examples/Sparsh.Sweep, `sparsh sweep ...`) as a Kubernetes Indexed Job runs it: separate OS
/// processes with JOB_COMPLETION_INDEX set, one shared journal folder.
/// </summary>
[TestClass]
public sealed class TrialPerProcessTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(3);
    private string _folder = "";

    [TestInitialize]
    public void Create() => _folder = Directory.CreateTempSubdirectory("sparsh-workers-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void FourWorkerProcessesMergeIntoTheInProcessLeaderboard()
    {
        Run(null, "sweep", "plan", "--out", "plan.json", "--smoke", "--families", "FastTree,LightGbm", "--trials", "4", "--folds", "2",
            "--recordings", "8", "--windows", "6", "--seed", "3");

        // Four workers at once, as an Indexed Job with parallelism 4 starts them, appending to one journal folder.
        var workers = Enumerable.Range(0, 4).Select(i => Start(i, "sweep", "run-trial", "--plan", "plan.json", "--journal", "shared")).ToArray();
        foreach (var (worker, output) in workers) Finish(worker, output);
        CollectionAssert.AreEqual(Enumerable.Range(0, 4).Select(i => $"trial-{i:D6}.json").ToArray(),
            Directory.GetFiles(Path.Combine(_folder, "shared", "trials")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());

        Run(null, "sweep", "report", "--plan", "plan.json", "--journal", "shared");
        Run(null, "sweep", "run", "--plan", "plan.json", "--journal", "in-process");

        var merged = Leaderboard(Path.Combine(_folder, "shared", "leaderboard.csv"));
        var inProcess = Leaderboard(Path.Combine(_folder, "in-process", "leaderboard.csv"));
        Assert.HasCount(5, merged, "header and four trials");
        CollectionAssert.AreEqual(inProcess, merged);
        Assert.IsTrue(merged.Skip(1).All(row => row.EndsWith(",Completed,", StringComparison.Ordinal)), string.Join("\n", merged));
    }

    [TestMethod]
    public void AKilledWorkersTrialIsRunAgainOnRetry()
    {
        // One attentive-pooler trial, killed mid-run; on the retry the time limit or early stopping ends it.
        Run(null, "sweep", "plan", "--out", "plan.json", "--smoke", "--families", "AttentivePooler", "--epochs", "100000", "--trials", "1",
            "--folds", "2", "--recordings", "6", "--windows", "4", "--trial-time-limit", "3");
        string trialFile = Path.Combine(_folder, "shared", "trials", "trial-000000.json");

        var (worker, output) = Start(0, "sweep", "run-trial", "--plan", "plan.json", "--journal", "shared");
        var started = Stopwatch.StartNew();
        while (!output.ToString().Contains("running trial 0", StringComparison.Ordinal))
        {
            Assert.IsFalse(worker.HasExited, $"the worker exited before its trial started:\n{output}");
            Assert.IsLessThan(ProcessTimeout, started.Elapsed, "the worker did not start its trial");
            Thread.Sleep(50);
        }
        // Killed right after it starts: the trial (early-stopped on its validation recordings) takes about a second on an idle machine.
        Thread.Sleep(100);
        worker.Kill(entireProcessTree: true);
        worker.WaitForExit();
        Assert.IsFalse(File.Exists(trialFile), "a killed worker journals nothing");
        RunExpecting(3, 0, "sweep", "report", "--plan", "plan.json", "--journal", "shared");

        // The Job's retry: the same index runs again and is journalled.
        string retry = Run(0, "sweep", "run-trial", "--plan", "plan.json", "--journal", "shared");
        // Whether the retry ends by its time limit (a loaded machine) or by early stopping (an idle one), it is journalled.
        Assert.IsTrue(retry.Contains("trial 0 stopped", StringComparison.Ordinal) || retry.Contains("trial 0 completed", StringComparison.Ordinal), retry);
        Assert.IsTrue(File.Exists(trialFile), "the retry journals the trial");
        if (retry.Contains("trial 0 stopped", StringComparison.Ordinal))
            StringAssert.Contains(File.ReadAllText(trialFile), "trial time limit of 3 s");
        // A third run finds it journalled and does not train again.
        var rerun = Stopwatch.StartNew();
        Run(0, "sweep", "run-trial", "--plan", "plan.json", "--journal", "shared");
        Assert.IsLessThan(60.0, rerun.Elapsed.TotalSeconds);
    }

    [TestMethod]
    public void AWorkerWithoutAnIndexSaysHowToGiveOne()
    {
        Run(null, "sweep", "plan", "--out", "plan.json", "--smoke", "--families", "Sdca", "--trials", "1", "--folds", "2", "--recordings", "4", "--windows", "2");
        string output = RunExpecting(1, null, "sweep", "run-trial", "--plan", "plan.json");
        StringAssert.Contains(output, "JOB_COMPLETION_INDEX");
        StringAssert.Contains(RunExpecting(1, 7, "sweep", "run-trial", "--plan", "plan.json"), "outside the plan");
    }

    // Rank, Trial, Family, Parameters, metric mean and std, Status, Error: everything but the timings and resource peaks.
    private static List<string> Leaderboard(string path) =>
        File.ReadAllLines(path).Select(line => string.Join(",", SplitCsv(line).Take(6).Concat(SplitCsv(line).Skip(7).Take(2)))).ToList();

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }

    private string Run(int? index, params string[] args) => RunExpecting(0, index, args);

    private string RunExpecting(int expectedExitCode, int? index, params string[] args)
    {
        var (process, output) = Start(index, args);
        return Finish(process, output, expectedExitCode);
    }

    private (Process Process, System.Text.StringBuilder Output) Start(int? index, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sparsh.Sweep.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("JOB_COMPLETION_INDEX");
        if (index is { } i) start.Environment["JOB_COMPLETION_INDEX"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Plain lines, no colours or live progress: the test reads what the worker prints.
        start.Environment["NO_COLOR"] = "1";
        var output = new System.Text.StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static string Finish(Process process, System.Text.StringBuilder output, int expectedExitCode = 0)
    {
        using (process)
        {
            if (!process.WaitForExit(ProcessTimeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"`{string.Join(' ', process.StartInfo.ArgumentList)}` ran past {ProcessTimeout}:\n{output}");
            }
            process.WaitForExit();
            string text;
            lock (output) text = output.ToString();
            Assert.AreEqual(expectedExitCode, process.ExitCode, $"`{string.Join(' ', process.StartInfo.ArgumentList.Skip(1))}`:\n{text}");
            return text;
        }
    }
}
