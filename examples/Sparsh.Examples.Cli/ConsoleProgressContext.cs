using Spectre.Console;

namespace Sparsh.Examples.Cli;

/// <summary>Adds steps to a <see cref="ConsoleProgress"/> display.</summary>
public sealed class ConsoleProgressContext
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext? _live;

    internal ConsoleProgressContext(IAnsiConsole console, ProgressContext? live) => (_console, _live) = (console, live);

    /// <summary>A step named <paramref name="name"/> that goes from 0 to <paramref name="maximum"/>.</summary>
    public ConsoleProgressTask AddTask(string name, double maximum = 100)
        => new(name, maximum, _live?.AddTask(Markup.Escape(name), maxValue: Math.Max(maximum, 1e-9)), _console);
}
