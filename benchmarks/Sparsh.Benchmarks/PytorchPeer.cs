using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sparsh.Benchmarks;

/// <summary>What the PyTorch eager peer measured: samples/s of the same step and the GEMMs of its process.</summary>
public sealed record PytorchPeerResult(string Line, double SamplesPerSecond, double TorchFloat32Flops, double TorchBfloat16Flops, double NumpySgemmFlops);

/// <summary>
/// Runs <c>Peer/pretraining_step.py</c> (the same self-distillation step in PyTorch eager) with Debian's python3-torch at the
/// same preset and thread count, right after the .NET figures, so both are measured in one sitting. Skipped with a message
/// when no Python with torch is found (<c>SPARSH_PEER_PYTHON</c> names another interpreter; <c>benchmarks/pretraining-vs-pytorch.sh</c>
/// installs python3-torch).
/// </summary>
public static class PytorchPeer
{
    private const string ScriptName = "pretraining_step.py";

    /// <summary>Runs the peer; null (and a "PEER skipped" line on the console) when it cannot run.</summary>
    public static PytorchPeerResult? Run(string preset, int threads, int steps, bool bfloat16 = false)
    {
        string python = Environment.GetEnvironmentVariable("SPARSH_PEER_PYTHON") is { Length: > 0 } chosen ? chosen : "/usr/bin/python3";
        if (FindScript() is not { } script)
            return Skip($"{ScriptName} not found next to the benchmark or above it in benchmarks/Sparsh.Benchmarks/Peer");
        if (!File.Exists(python)) return Skip($"no Python at {python} (set SPARSH_PEER_PYTHON, or run benchmarks/pretraining-vs-pytorch.sh)");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "--preset", preset, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        if (bfloat16) start.ArgumentList.Add("--bf16");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            return Skip($"{python} {script} exited with {process.ExitCode}: {LastLine(error.Result)} (is python3-torch installed? benchmarks/pretraining-vs-pytorch.sh installs it)");
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith("PEER ", StringComparison.Ordinal));
        if (line is null) return Skip($"{script} printed no PEER line: {LastLine(output)}");
        Console.WriteLine(line);
        return new PytorchPeerResult(line, Number(line, "samples/s"), Number(line, "torch matmul1024 f32 GFLOP/s") * 1e9,
            Number(line, "bf16 GFLOP/s") * 1e9, Number(line, "numpy sgemm1024 GFLOP/s") * 1e9);
    }

    private static PytorchPeerResult? Skip(string why)
    {
        Console.WriteLine($"PEER skipped: {why}");
        return null;
    }

    private static string? FindScript()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "Peer", ScriptName);
        if (File.Exists(beside)) return beside;
        // BenchmarkDotNet runs a generated project from a subfolder of the build output: walk up to the source tree.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "benchmarks", "Sparsh.Benchmarks", "Peer", ScriptName);
            if (File.Exists(candidate)) return candidate;
            candidate = Path.Combine(directory.FullName, "Peer", ScriptName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static double Number(string line, string key)
    {
        var match = Regex.Match(line, Regex.Escape(key) + @"=(?<value>[-+0-9.eE]+|nan)");
        return match.Success && double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n').LastOrDefault() ?? "";
}
