using Sparsh.Trainers.Pretraining;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Pretraining;

[TestClass]
public sealed class ScheduleAndEmaTests
{
    [TestMethod]
    public void EmaMovesTheTeacherTowardsTheStudent()
    {
        using var scope = NewDisposeScope();
        var teacher = torch.tensor(new float[] { 1, 2, -4 });
        var student = torch.tensor(new float[] { 3, 6, 0 });
        TeacherEma.Update([teacher], [student], momentum: 0.9);
        // 0.9 * t + 0.1 * s
        CollectionAssert.AreEqual(new[] { 1.2f, 2.4f, -3.6f }, teacher.data<float>().ToArray().Select(v => MathF.Round(v, 5)).ToArray());
        TeacherEma.Update([teacher], [student], momentum: 1.0);
        Assert.AreEqual(1.2f, teacher[0].item<float>(), 1e-6f, "momentum 1 freezes the teacher");
        TeacherEma.Update([teacher], [student], momentum: 0.0);
        Assert.AreEqual(3f, teacher[0].item<float>(), "momentum 0 copies the student");
    }

    [TestMethod]
    public void TeacherMomentumFollowsACosineFrom0994To1()
    {
        Assert.AreEqual(0.994, PretrainingSchedules.Cosine(0, 1000, 0.994, 1.0), 1e-12);
        Assert.AreEqual(0.997, PretrainingSchedules.Cosine(500, 1000, 0.994, 1.0), 1e-12);
        Assert.AreEqual(1.0, PretrainingSchedules.Cosine(1000, 1000, 0.994, 1.0), 1e-12);
        // A quarter of the way: 1 - 0.006 * (1 + cos(pi/4)) / 2.
        Assert.AreEqual(1 - 0.006 * (1 + Math.Cos(Math.PI / 4)) / 2, PretrainingSchedules.Cosine(250, 1000, 0.994, 1.0), 1e-12);
    }

    [TestMethod]
    public void LearningRateWarmsUpLinearlyThenDecaysByCosine()
    {
        Assert.AreEqual(1e-4 / 10, PretrainingSchedules.WarmupCosine(0, 110, 10, 1e-4, 1e-6), 1e-15);
        Assert.AreEqual(1e-4, PretrainingSchedules.WarmupCosine(9, 110, 10, 1e-4, 1e-6), 1e-15);
        Assert.AreEqual(1e-4, PretrainingSchedules.WarmupCosine(10, 110, 10, 1e-4, 1e-6), 1e-15);
        Assert.AreEqual((1e-4 + 1e-6) / 2, PretrainingSchedules.WarmupCosine(60, 110, 10, 1e-4, 1e-6), 1e-15);
        Assert.AreEqual(1e-6, PretrainingSchedules.WarmupCosine(110, 110, 10, 1e-4, 1e-6), 1e-15);
        // Weight decay rises 0.04 -> 0.4; teacher temperature warms 0.04 -> 0.07 then stays.
        Assert.AreEqual(0.22, PretrainingSchedules.Cosine(50, 100, 0.04, 0.4), 1e-12);
        Assert.AreEqual(0.055, PretrainingSchedules.LinearWarmup(5, 10, 0.04, 0.07), 1e-12);
        Assert.AreEqual(0.07, PretrainingSchedules.LinearWarmup(30, 10, 0.04, 0.07), 1e-12);
    }

    [TestMethod]
    public void ScheduledAdamWMatchesTorchSharpAdamW()
    {
        torch.set_num_threads(1);
        using var scope = NewDisposeScope();
        torch.random.manual_seed(3);
        var x = torch.randn(8, 5);
        var y = torch.randn(8, 2);
        torch.random.manual_seed(4);
        using var a = nn.Linear(5, 2);
        torch.random.manual_seed(4);
        using var b = nn.Linear(5, 2);
        using var reference = optim.AdamW(a.parameters(), lr: 0.01, weight_decay: 0.1);
        // Everything in the decayed group, so both apply the same decoupled decay.
        using var ours = new ScheduledAdamW(b.parameters(), []);
        for (int step = 0; step < 5; step++)
        {
            reference.zero_grad();
            nn.functional.mse_loss(a.forward(x), y).backward();
            reference.step();
            ours.ZeroGrad();
            nn.functional.mse_loss(b.forward(x), y).backward();
            ours.Step(0.01, 0.1);
        }
        Assert.IsTrue(a.weight!.allclose(b.weight!, rtol: 1e-5, atol: 1e-7));
        Assert.IsTrue(a.bias!.allclose(b.bias!, rtol: 1e-5, atol: 1e-7));
        Assert.AreEqual(5, ours.StepCount);
    }

    [TestMethod]
    public void NoDecayGroupIsNotShrunk()
    {
        using var scope = NewDisposeScope();
        var decayed = new Parameter(torch.ones(3));
        var notDecayed = new Parameter(torch.ones(3));
        using var optimizer = new ScheduledAdamW([decayed], [notDecayed]);
        optimizer.ZeroGrad();
        (decayed.sum() * 0 + notDecayed.sum() * 0).backward();
        optimizer.Step(learningRate: 0.1, weightDecay: 0.5);
        // Zero gradient: only decoupled decay acts, 1 * (1 - 0.1 * 0.5).
        Assert.AreEqual(0.95f, decayed[0].item<float>(), 1e-6f);
        Assert.AreEqual(1f, notDecayed[0].item<float>());
    }
}
