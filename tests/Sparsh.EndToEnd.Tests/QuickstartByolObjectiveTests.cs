using Sparsh.Examples.Cli;
using Sparsh.Quickstart;
using Sparsh.Trainers.Pretraining;
using Spectre.Console.Cli.Testing;

namespace Sparsh.EndToEnd.Tests;

/// <summary>The Quickstart selects the BYOL baseline from its command line, with the CPU preset's BYOL widths.</summary>
[TestClass]
public sealed class QuickstartByolObjectiveTests
{
    [TestMethod]
    public void ObjectiveByolSelectsTheByolBaseline()
    {
        var tester = new CommandAppTester();
        tester.SetDefaultCommand<ParseOnlyCommand<QuickstartSettings>>();
        tester.Configure(config => ExampleApp.Configure(config, "Sparsh.Quickstart"));
        var result = tester.Run("--smoke", "--objective", "byol");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        var options = ((QuickstartSettings)result.Settings!).ToOptions();
        Assert.AreEqual(SparshPretrainingObjective.Byol, options.Objective);
        var recipe = options.Pretraining();
        Assert.AreEqual((256, 64, 256), (recipe.Byol.ProjectorHiddenDim, recipe.Byol.ProjectionDim, recipe.Byol.PredictorHiddenDim));
        recipe.Objective = options.Objective!.Value;
        recipe.Validate();
    }
}
