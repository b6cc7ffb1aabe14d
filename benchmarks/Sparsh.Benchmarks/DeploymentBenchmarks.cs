using BenchmarkDotNet.Attributes;

namespace Sparsh.Benchmarks;

/// <summary>
/// Mean time per call of the deployed Tiny encoder + force decoder, TorchSharp eager vs ONNX Runtime (see
/// <see cref="DeploymentModels"/> for the four paths), at batch 1 and 32 on one compute thread; the Ratio column is
/// against TorchSharp on the same model part and batch. Per-call tails (p50/p99), windows/s interleaved under the same
/// load and model FLOP utilisation come from <see cref="DeploymentLatencyBenchmarks"/>.
/// </summary>
/// <remarks>
/// One thread because the reference machine has 2 cores shared with other work: a second libtorch/ONNX Runtime thread
/// there mostly waits for a busy core (see docs/pretraining.md); <see cref="DeploymentLatencyBenchmarks"/> measures
/// 2 threads on request. A short job: one call of the Tiny model takes ~0.1 s at batch 1 and seconds at batch 32.
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 6)]
public class DeploymentBenchmarks
{
    private DeploymentModels _models = null!;

    /// <summary>Windows per call.</summary>
    [Params(1, DeploymentModels.MaxBatch)]
    public int Batch { get; set; } = 1;

    /// <summary>Builds the models and every deployment of them on one thread.</summary>
    [GlobalSetup]
    public void Setup() => _models = new DeploymentModels(threads: 1);

    /// <summary>TorchSharp eager (no_grad, eval), encoder + decoder on the assembled encoder input.</summary>
    [Benchmark(Baseline = true)]
    public float[] TorchSharpModel() => _models.TorchModel(Batch);

    /// <summary>ONNX Runtime on the same encoder + decoder graph and input.</summary>
    [Benchmark]
    public float[] OnnxModel() => _models.OnnxModel(Batch);

    /// <summary>ONNX Runtime on the whole raw-window-to-force graph (validity, kinematics, normalisation, encoder, decoder).</summary>
    [Benchmark]
    public float[] OnnxChain() => _models.OnnxChain(Batch);

    /// <summary>ML.NET PredictionEngine over the saved zip, one window per call (a batch is that many calls).</summary>
    [Benchmark]
    public float[] PredictionEngine() => _models.PredictionEngine(Batch);

    /// <summary>Frees the sessions, modules and the temporary zip.</summary>
    [GlobalCleanup]
    public void Cleanup() => _models.Dispose();
}
