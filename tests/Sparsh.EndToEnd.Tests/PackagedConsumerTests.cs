using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Sparsh.EndToEnd.Tests;

/// <summary>
/// The libraries as a user gets them: packed into a folder feed, referenced by a project outside this repository (none
/// of its build files apply), built and run. Proves the dependencies travel in the packages, libtorch does not (the
/// consumer picks its runtime) and the libstdc++ fix does (buildTransitive), so TorchSharp loads on Debian 12.
/// </summary>
[TestClass]
public sealed class PackagedConsumerTests
{
    private static readonly string[] Libraries = ["Sparsh.Scoring", "Sparsh.Transforms", "Sparsh.Simulation", "Sparsh.Trainers", "Sparsh.MLNet"];
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(10);

    [TestMethod]
    [TestCategory("Packaging")]
    public void PackedLibrariesBuildAndRunInAConsumerProject()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
            Assert.Inconclusive("The consumer references libtorch-cpu-linux-x64, so it runs on Linux x64 only.");

        string repository = RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("sparsh-packages-").FullName;
        // A version no earlier run used, so no cache can serve a stale package.
        string version = $"0.0.0-test{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(1000):D3}";
        try
        {
            string feed = Path.Combine(work, "feed");
            Pack(repository, work, feed, version);
            CheckPackages(feed, version);

            string consumer = WriteConsumer(repository, work, feed, version);
            string packages = Path.Combine(work, "packages");
            Dotnet(consumer, packages, "restore");
            string build = Dotnet(consumer, packages, "build", "--no-restore", "-nodeReuse:false");
            string run = Dotnet(consumer, packages, "run", "--no-build");

            // The fix came with Sparsh.Trainers (the consumer references only Sparsh.MLNet): NuGet imports its targets.
            string imports = File.ReadAllText(Path.Combine(consumer, "obj", "Consumer.csproj.nuget.g.targets"));
            StringAssert.Contains(imports, $"sparsh.trainers/{version}/buildTransitive/Sparsh.Trainers.targets");
            Console.WriteLine(build.Contains("Sparsh: marked GLIBCXX_3.4.32 weak", StringComparison.Ordinal)
                ? "the consumer's build patched its copy of libLibTorchSharp.so (this system's libstdc++ is older than GCC 13)"
                : "the consumer's build left libLibTorchSharp.so alone (this system's libstdc++ has GLIBCXX_3.4.32)");
            StringAssert.Contains(run, "embedding 32 finite True", "a micro encoder embedded a window through TorchSharp");
            StringAssert.Contains(run, "simulated counts finite True", "Sparsh.Simulation came with Sparsh.MLNet and simulated a frame");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Packs the five libraries in one build (a solution filter), with bin and obj outside the repository.</summary>
    private static void Pack(string repository, string work, string feed, string version)
    {
        string filter = Path.Combine(work, "libraries.slnf");
        string projects = string.Join(",", Libraries.Select(l => $"\"{l}/{l}.csproj\""));
        File.WriteAllText(filter,
            $$"""{ "solution": { "path": "{{Path.Combine(repository, "Sparsh.MLNet.sln")}}", "projects": [{{projects}}] } }""");
        // --artifacts-path keeps the Release build out of the repository's own obj folders, which the running suite uses.
        // The repository's own packages folder: the libraries restore from what the suite already restored.
        Dotnet(work, null, "pack", filter, "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(work, "artifacts"),
            $"-p:Version={version}", "-nodeReuse:false");
    }

    private static void CheckPackages(string feed, string version)
    {
        foreach (string library in Libraries)
        {
            string package = Path.Combine(feed, $"{library}.{version}.nupkg");
            Assert.IsTrue(File.Exists(package), package);
            Assert.IsTrue(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{library}: symbols package");
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            CollectionAssert.Contains(entries, $"lib/net10.0/{library}.dll");
            CollectionAssert.Contains(entries, "README.md");

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            using var nuspecStream = zip.GetEntry($"{library}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            Assert.AreEqual(library, metadata.Element(ns + "id")?.Value);
            Assert.AreEqual(version, metadata.Element(ns + "version")?.Value);
            Assert.AreEqual("MIT", metadata.Element(ns + "license")?.Value, $"{library}: licence");
            Assert.AreEqual("README.md", metadata.Element(ns + "readme")?.Value, $"{library}: readme");
            Assert.IsFalse(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), $"{library}: description");
            Assert.IsNotNull(metadata.Element(ns + "repository"), $"{library}: repository");
            var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
            Assert.IsFalse(dependencies.Any(d => d.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)),
                $"{library} must leave the libtorch runtime to the app; it depends on {string.Join(", ", dependencies)}");

            if (library == "Sparsh.Trainers")
            {
                CollectionAssert.Contains(entries, "buildTransitive/Sparsh.Trainers.targets");
                CollectionAssert.Contains(entries, "buildTransitive/GlibcxxWeakVersionPatch.cs");
            }
        }
    }

    /// <summary>A console app in its own folder: the feed plus the repository's registry, and the runtime packages it picks.</summary>
    private static string WriteConsumer(string repository, string work, string feed, string version)
    {
        string consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        // Empty files stop MSBuild's upward search, so nothing above the temp folder shapes the build.
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(consumer, file), "<Project />\n");

        var registries = XDocument.Load(Path.Combine(repository, "nuget.config")).Descendants("packageSources").Elements("add").ToList();
        var config = new XElement("configuration",
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "sparsh-local"), new XAttribute("value", feed)),
                registries),
            // Sparsh.* only from the feed (never a same-named package from a registry); everything else from the registries.
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "sparsh-local"), new XElement("package", new XAttribute("pattern", "Sparsh.*"))),
                registries.Select(r => new XElement("packageSource", new XAttribute("key", r.Attribute("key")!.Value),
                    new XElement("package", new XAttribute("pattern", "*"))))),
            // The repository's packages folder as a read-only fallback: libtorch (~600 MB) and the rest are not fetched again,
            // while this run's Sparsh packages land in a throwaway folder (NUGET_PACKAGES), not in the user's cache.
            new XElement("fallbackPackageFolders",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "repository-packages"), new XAttribute("value", NuGetPackageRoot()))));
        config.Save(Path.Combine(consumer, "nuget.config"));

        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sparsh.MLNet" Version="[{version}]" />
                <PackageReference Include="libtorch-cpu-linux-x64" Version="{CentralVersion(repository, "libtorch-cpu-linux-x64")}" />
                <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="{CentralVersion(repository, "Microsoft.ML.OnnxRuntime")}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using Sparsh;
            using Sparsh.Simulation;
            using Sparsh.Simulation.Skins;
            using Sparsh.Trainers.Pretraining;
            using Sparsh.Transforms.Hand;
            using Sparsh.Transforms.Xela;

            // A randomly initialised micro encoder (the None objective trains nothing) embeds a window: TorchSharp must load.
            var mlContext = new MLContext(seed: 1);
            var random = new Random(1);
            int length = 10 * XelaSkin.ValuesPerFrame;
            var windows = Enumerable.Range(0, 2).Select(_ => new Window
            {
                Magnetic = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
                TaxelPositions = Enumerable.Range(0, length).Select(i => 0.001f * (i % 83)).ToArray(),
            }).ToList();
            var data = mlContext.Data.LoadFromEnumerable(windows);

            var options = SparshPretrainingOptions.Cpu();
            options.Objective = SparshPretrainingObjective.None;
            options.Epochs = 1;
            options.BatchSize = 2;
            options.Columns = options.Columns with { ValidityColumnName = null };
            var encoder = mlContext.Sparsh().Pretrain(options).Fit(data);
            float[] embedding = encoder.Transform(data).GetColumn<float[]>("Embedding").First();
            Console.WriteLine($"embedding {embedding.Length} finite {embedding.All(float.IsFinite)}");

            // Sparsh.Simulation arrives with Sparsh.MLNet (a package dependency): a simulated skin reads one frame at rest.
            var hand = HandModel.AllegroXela;
            var simulator = new HandSkinSimulator(hand, SkinProfile.Generate("consumer-skin", 1, hand.TaxelCount), seed: 1);
            var counts = new float[3 * hand.TaxelCount];
            simulator.Step(hand.Joints.Select(j => (float)(0.5 * (j.LowerLimitRadians + j.UpperLimitRadians))).ToArray(), [], counts);
            Console.WriteLine($"simulated counts finite {counts.All(float.IsFinite)}");

            sealed class Window
            {
                [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
                [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
            }
            """);
        return consumer;
    }

    /// <summary>Runs the dotnet that runs this test; returns its output, failing with the output when the exit code is not 0.</summary>
    private static string Dotnet(string workingDirectory, string? packagesFolder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // The outer dotnet test exports its MSBuild's paths; a child build finds its SDK itself.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (packagesFolder != null) start.Environment["NUGET_PACKAGES"] = packagesFolder;

        var output = new StringBuilder();
        var outputClosed = new TaskCompletionSource();
        var errorClosed = new TaskCompletionSource();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data, outputClosed);
        process.ErrorDataReceived += (_, e) => Append(e.Data, errorClosed);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Bounded waits: the exit is awaited, and the end of its output only briefly, because a build server the child
        // started can hold the output pipe open long after the child has exited.
        if (!process.WaitForExit(StepLimit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} ran past {StepLimit.TotalMinutes} minutes:\n{Text()}");
        }
        Task.WaitAll([outputClosed.Task, errorClosed.Task], TimeSpan.FromSeconds(10));
        string text = Text();
        Console.WriteLine($"dotnet {arguments[0]}: exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:F0} s");
        Assert.AreEqual(0, process.ExitCode, $"dotnet {string.Join(' ', arguments)} in {workingDirectory}:\n{text}");
        return text;

        void Append(string? line, TaskCompletionSource closed)
        {
            if (line == null) closed.TrySetResult();
            else lock (output) output.AppendLine(line);
        }

        string Text() { lock (output) return output.ToString(); }
    }

    private static string CentralVersion(string repository, string package) =>
        XDocument.Load(Path.Combine(repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => p.Attribute("Include")?.Value == package).Attribute("Version")!.Value;

    private static string NuGetPackageRoot() => typeof(PackagedConsumerTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Sparsh.MLNet.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No Sparsh.MLNet.sln above {AppContext.BaseDirectory}.");
    }
}
