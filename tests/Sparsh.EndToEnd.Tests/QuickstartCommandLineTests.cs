using Sparsh.Examples.Cli;
using Sparsh.MLNet.Studies;
using Sparsh.Quickstart;
using Spectre.Console.Cli.Testing;

namespace Sparsh.EndToEnd.Tests;

/// <summary>The Quickstart's command line through Spectre.Console.Cli, configured as the program configures it.</summary>
[TestClass]
public sealed class QuickstartCommandLineTests
{
    [TestMethod]
    public void NoOptionsGiveTheDefaultRun()
    {
        var result = Tester().Run();

        Assert.AreEqual(0, result.ExitCode, result.Output);
        var options = ((QuickstartSettings)result.Settings!).ToOptions();
        var expected = QuickstartOptions.Default;
        Assert.AreEqual(expected.OutputDirectory, options.OutputDirectory);
        Assert.AreEqual(expected.RecordingsPerTask, options.RecordingsPerTask);
        Assert.AreEqual(expected.DecoderSteps, options.DecoderSteps);
        Assert.IsNull(options.Objective);
        CollectionAssert.AreEqual(expected.BudgetRecordings.ToArray(), options.BudgetRecordings.ToArray());
        CollectionAssert.AreEqual(expected.StudySeeds.ToArray(), options.StudySeeds.ToArray());
        CollectionAssert.AreEqual(expected.Modes.ToArray(), options.Modes.ToArray());
        Assert.AreSame(expected.Pretraining, options.Pretraining, "no recipe lever given: the preset's recipe");
        Assert.AreEqual(1.0, options.FineTuneEncoderLearningRateRatio);
    }

    [TestMethod]
    public void ListOptionsOverrideThePreset()
    {
        var result = Tester().Run("--smoke", "--budgets", "1,2,4", "--lrs", "0.001,3e-3", "--modes", "frozen,EndToEnd", "--seed", "5",
            "--pretraining-seed", "7", "--objective", "selfdistillation", "--teacher-temperature", "0.02,0.05", "--matmul-precision", "bfloat16", "--encoder-lr-ratio", "0.1", "--prototypes", "1024", "--encoder-size", "tinier");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        var options = ((QuickstartSettings)result.Settings!).ToOptions();
        CollectionAssert.AreEqual(new[] { 1, 2, 4 }, options.BudgetRecordings.ToArray());
        CollectionAssert.AreEqual(new[] { 0.001, 0.003 }, options.LearningRates.ToArray());
        CollectionAssert.AreEqual(new[] { SampleEfficiencyMode.Frozen, SampleEfficiencyMode.EndToEnd }, options.Modes.ToArray());
        Assert.AreEqual(5, options.Seed);
        Assert.AreEqual(7, options.PretrainingSeed);
        Assert.AreEqual(QuickstartOptions.Smoke.RecordingsPerTask, options.RecordingsPerTask, "--smoke sizes where no option is given");
        Assert.AreEqual(Sparsh.Trainers.Pretraining.SparshPretrainingObjective.SelfDistillation, options.Objective);
        var recipe = options.Pretraining();
        Assert.AreEqual((0.02, 0.05), (recipe.TeacherTemperatureStart, recipe.TeacherTemperatureEnd));
        Assert.AreEqual(Sparsh.Trainers.Torch.MatmulPrecision.BFloat16, recipe.MatmulPrecision);
        Assert.AreEqual(1024, recipe.SelfDistillation.Prototypes);
        Assert.AreEqual(96, recipe.Encoder.EmbeddingDim);
        Assert.AreEqual(0.1, options.FineTuneEncoderLearningRateRatio);
    }

    [TestMethod]
    public void MaskRatioSetsTheDefaultMaskedAutoencoder()
    {
        var result = Tester().Run("--mask-ratio", "0.5");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        var recipe = ((QuickstartSettings)result.Settings!).ToOptions().Pretraining();
        Assert.AreEqual(Sparsh.Trainers.Pretraining.SparshPretrainingObjective.MaskedAutoencoder, recipe.Objective);
        Assert.AreEqual(0.5, recipe.MaeMaskRatio);
    }

    [TestMethod]
    [DataRow(new[] { "--encoder", "earlier.ckpt", "--pretraining-seed", "2" }, "--pretraining-seed changes pretraining, which --encoder skips")]
    [DataRow(new[] { "--encoder", "earlier.ckpt", "--encoder-size", "Tinier" }, "--encoder-size changes pretraining, which --encoder skips")]
    [DataRow(new[] { "--prototypes", "1024" }, "--prototypes sets the self-distillation objective, but this run pretrains with MaskedAutoencoder")]
    [DataRow(new[] { "--objective", "Byol", "--centering", "Centering" }, "--centering sets the self-distillation objective, but this run pretrains with Byol")]
    [DataRow(new[] { "--objective", "SelfDistillation", "--mask-ratio", "0.5" }, "--mask-ratio sets the masked autoencoder, but this run pretrains with SelfDistillation")]
    [DataRow(new[] { "--mask-ratio", "0.001" }, "MaeMaskRatio must hide at least one of the 368 taxels and keep at least one")]
    [DataRow(new[] { "--objective", "None", "--pretraining-lr", "0.001" }, "--pretraining-lr sets pretraining's optimisation, but --objective None does not train the encoder")]
    public void LeverTheRunWouldNotReadIsAnError(string[] args, string message)
    {
        var result = Tester().Run(args);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(Flatten(result.Output), message);
    }

    [TestMethod]
    [DataRow("--budgets", "1,x", "--budgets takes comma-separated whole numbers of at least 1, e.g. 1,2,4; got '1,x'.")]
    [DataRow("--modes", "Frozen,Thawed", "--modes takes comma-separated modes from LinearProbe, SignalProbe, Frozen, FineTune, EndToEnd; got 'Frozen,Thawed'.")]
    [DataRow("--teacher-temperature", "0.02", "--teacher-temperature takes two positive values, start,end (e.g. 0.02,0.04); got '0.02'.")]
    [DataRow("--recordings", "0", "--recordings must be at least 1; got 0.")]
    [DataRow("--encoder-lr-ratio", "0", "--encoder-lr-ratio must be a positive number; got 0.")]
    [DataRow("--encoder-size", "Huge", "--encoder-size takes one of Micro, Tinier, Tiny, Small")]
    [DataRow("--mask-ratio", "1", "--mask-ratio must be above 0 and below 1; got 1.")]
    [DataRow("--matmul-precision", "float64", "--matmul-precision takes one of Float32, BFloat16; got 'float64'.")]
    public void BadValueExitsWithOneAndSaysWhatIsWrong(string option, string value, string message)
    {
        var result = Tester().Run(option, value);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(Flatten(result.Output), message);
    }

    [TestMethod]
    public void HelpListsEveryOptionWithItsDescription()
    {
        var result = Tester().Run("--help");

        Assert.AreEqual(0, result.ExitCode);
        string help = Flatten(result.Output);
        foreach (string option in new[] { "--smoke", "--gpu", "--out", "--seed", "--pretraining-seed", "--recordings", "--play-seconds", "--force-seconds", "--pretraining-epochs",
                     "--objective", "--encoder", "--budgets", "--seeds", "--lrs", "--modes", "--steps", "--validation", "--hidden",
                     "--pretraining-lr", "--teacher-temperature", "--centering", "--ibot-weight", "--koleo-weight", "--mask-ratio", "--encoder-lr-ratio", "--prototypes", "--encoder-size", "--help" })
            StringAssert.Contains(help, option + " ", $"--help lists {option}");
        StringAssert.Contains(help, "Sparsh.Quickstart");
        StringAssert.Contains(help, "Labelled recordings per budget of the study");
    }

    [TestMethod]
    [DataRow("--seed", "x")]
    [DataRow("--steps", "many")]
    public void ValueThatDoesNotConvertNamesItsOption(string option, string value)
    {
        string[] args = ["--smoke", option, value];
        var result = Tester(args).Run(args);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(Flatten(result.Output), $"{option} got '{value}', which is not a value it takes");
    }

    private static CommandAppTester Tester(string[]? args = null)
    {
        var tester = new CommandAppTester();
        tester.SetDefaultCommand<ParseOnlyCommand<QuickstartSettings>>();
        tester.Configure(config => ExampleApp.Configure(config, "Sparsh.Quickstart", args));
        return tester;
    }

    /// <summary>The test console wraps long lines; the words matter, not where they wrap.</summary>
    private static string Flatten(string output) => string.Join(" ", output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
}
