using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Frames;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Tests.Pretraining;

[TestClass]
public sealed class WindowPipelineTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void PretrainsOnTheOutputOfWindowingKinematicsAndNormalisation()
    {
        // 2 s of frames with a pressure bump moving along the flatten order and the fingers flexing.
        const int frames = 200;
        var random = new Random(1);
        var magnetic = new float[frames * XelaSkin.ValuesPerFrame];
        for (int k = 0; k < frames; k++)
            for (int t = 0; t < XelaSkin.TaxelCount; t++)
            {
                double bump = 2000 * Math.Exp(-Math.Pow(t - 2 * k % XelaSkin.TaxelCount, 2) / 50);
                for (int a = 0; a < 3; a++)
                    magnetic[(k * XelaSkin.TaxelCount + t) * 3 + a] = (float)(30000 + (a == 2 ? bump : bump / 5) + random.Next(-50, 50));
            }
        var joints = new float[frames * XelaSkin.JointCount];
        for (int i = 0; i < joints.Length; i++) joints[i] = (float)(0.3 + 0.2 * Math.Sin(i * 0.01));
        var times = Enumerable.Range(0, frames).Select(k => k / XelaSkin.FrameRateHz).ToArray();
        var recording = new AlignedRecording("play", "skin-0", "play", XelaSkin.FrameRateHz, times, magnetic, joints,
            new Dictionary<string, AlignedLabel>(), Enumerable.Repeat(true, frames).ToArray(),
            new ValidityReport(frames, 0, new int[XelaSkin.TaxelCount], 0));

        var mlContext = new MLContext(seed: 1);
        var framesView = new XelaFrameDataView([recording]);
        var windows = new XelaWindowingEstimator(new XelaWindowingOptions())
            .Append(new KinematicPositionsEstimator(new KinematicPositionsOptions()))
            .Append(new XelaNormalizationEstimator(new XelaNormalizationOptions()))
            .Fit(framesView).Transform(framesView);

        var options = new SparshPretrainingOptions
        {
            Epochs = 2,
            BatchSize = 5,
            LearningRate = 1e-3,
            WarmupEpochs = 1,
            Masking = new BlockMaskingOptions { LocalViews = 2 },
            SelfDistillation = new SelfDistillationSettings { Prototypes = 16, HeadHiddenDim = 16, HeadBottleneckDim = 8 },
            CpuThreads = 1,
        };
        var estimator = new SparshPretrainingEstimator(mlContext, options);
        estimator.GetOutputSchema(Sparsh.Transforms.Core.SchemaShapes.FromSchema(windows.Schema));
        using var encoder = estimator.Fit(windows);
        var embedded = encoder.Transform(windows);
        var embeddings = embedded.GetColumn<VBuffer<float>>("Embedding").ToList();
        Assert.AreEqual(20, embeddings.Count, "200 frames -> 20 windows of 10");
        Assert.IsTrue(embeddings.All(e => e.Length == 32 && e.DenseValues().All(float.IsFinite)));
        Assert.AreEqual(369 * 32, ((VectorDataViewType)embedded.Schema["Tokens"].Type).Size);
    }
}
