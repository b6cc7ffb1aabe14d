using BenchmarkDotNet.Attributes;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;

namespace Sparsh.Benchmarks;

/// <summary>
/// The built-in simulator's speed, one thread: one simulated second (100 frames) of each task's scenario, skin physics,
/// kinematics and the joint stream included. Reported time per operation is per frame; the target is 100x real time
/// (0.1 ms per frame). These floors used to be asserted in unit tests, where a shared CI core made them flaky.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class SimulationBenchmarks
{
    private const double Seconds = 1;
    private const int Frames = 100;

    private SkinProfile _skin = null!;
    private ScenarioGenerator _generator = null!;

    /// <summary>The scenario simulated.</summary>
    [ParamsSource(nameof(Tasks))]
    public string Task { get; set; } = "";

    /// <summary>Every simulated task.</summary>
    public static IEnumerable<string> Tasks => SimulatedDatasetWriter.Tasks;

    [GlobalSetup]
    public void Setup()
    {
        _skin = SkinProfile.Generate("bench-skin", 1, Sparsh.Transforms.Hand.HandModel.AllegroXela.TaxelCount);
        _generator = SimulatedDatasetWriter.CreateGenerator(Task, new ScenarioOptions { DurationSeconds = Seconds });
    }

    /// <summary>Generates one simulated second of the task.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int GenerateOneSecond() => _generator.Generate(_skin, seed: 2).Magnetic.Count;
}
