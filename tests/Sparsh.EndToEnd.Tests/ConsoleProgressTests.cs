using Sparsh.Examples.Cli;
using Spectre.Console.Testing;

namespace Sparsh.EndToEnd.Tests;

/// <summary>Progress in a log (no terminal): a line when a step starts and at each further tenth, not one per update.</summary>
[TestClass]
public sealed class ConsoleProgressTests
{
    [TestMethod]
    public void LogGetsOneLinePerTenthOfEachStep()
    {
        var console = new TestConsole();
        Assert.IsFalse(ConsoleProgress.IsLive(console));

        ConsoleProgress.Start(display =>
        {
            var pretraining = display.AddTask("pretraining", 30);
            for (int step = 0; step <= 30; step++) pretraining.Update(step, status: $"loss {1.0 / (step + 1):F3}");
            var saving = display.AddTask("saving", 1);
            saving.Update(0);
            saving.Update(1);
        }, console);

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(11 + 2, lines, console.Output);
        Assert.AreEqual("[pretraining] 0% 0/30 loss 1.000", lines[0].TrimEnd());
        Assert.AreEqual("[pretraining] 40% 12/30 loss 0.077", lines[4].TrimEnd());
        Assert.AreEqual("[saving] 100% 1/1", lines[^1].TrimEnd());
    }
}
