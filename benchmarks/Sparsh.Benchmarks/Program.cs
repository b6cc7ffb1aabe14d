using BenchmarkDotNet.Running;
using Sparsh.Benchmarks;
using Sparsh.Trainers.Torch;

// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- gemm-probe [threads]
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- heap-growth
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- data-parallel-probe [iterations]
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- memory-run [steps] [--fixed-view-sizes]
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- profile-step [small|tiny] [threads] [steps] [--peer] [--operators] [--bf16]
switch (args)
{
    case ["gemm-probe", .. var rest]:
        int threads = rest.Length > 0 ? int.Parse(rest[0]) : 1;
        Console.WriteLine($"GEMM probe, {threads} thread(s), load average {PretrainingProfile.LoadAverage()}:");
        foreach (var measurement in GemmProbe.Measure(threads)) Console.WriteLine($"GEMM {measurement}");
        Console.WriteLine(GemmProbe.MklKernels());
        break;
    case ["data-parallel-probe", .. var rest]:
        DataParallelProbe.Run(rest.Length > 0 ? int.Parse(rest[0]) : 20);
        break;
    case ["heap-growth"]:
        HeapGrowthProbe.Run();
        break;
    case ["memory-run", .. var rest]:
        var stepCount = rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).DefaultIfEmpty(500).First();
        PretrainingBenchmarks.MemoryOver500Steps.Measure(rest.Contains("--fixed-view-sizes"), stepCount);
        break;
    case ["profile-step", .. var rest]:
        var positional = rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        PretrainingProfile.Run(positional.Length > 0 ? positional[0] : "tiny", positional.Length > 1 ? int.Parse(positional[1]) : 1,
            positional.Length > 2 ? int.Parse(positional[2]) : 2, rest.Contains("--peer"), rest.Contains("--operators"),
            rest.Contains("--bf16") ? MatmulPrecision.BFloat16 : MatmulPrecision.Float32);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
