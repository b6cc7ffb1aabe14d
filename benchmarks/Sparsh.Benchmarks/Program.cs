using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
