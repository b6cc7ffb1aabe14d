using BenchmarkDotNet.Running;
using Sparsh.Benchmarks;

// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- gemm-probe [threads]
// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- profile-step [threads] [steps]
switch (args)
{
    case ["gemm-probe", .. var rest]:
        int threads = rest.Length > 0 ? int.Parse(rest[0]) : 1;
        Console.WriteLine($"GEMM probe, {threads} thread(s), load average {PretrainingProfile.LoadAverage()}:");
        foreach (var measurement in GemmProbe.Measure(threads)) Console.WriteLine($"GEMM {measurement}");
        break;
    case ["profile-step", .. var rest]:
        PretrainingProfile.Run(rest.Length > 0 ? int.Parse(rest[0]) : 1, rest.Length > 1 ? int.Parse(rest[1]) : 2);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
