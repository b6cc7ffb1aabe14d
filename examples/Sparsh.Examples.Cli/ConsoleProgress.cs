using Spectre.Console;

namespace Sparsh.Examples.Cli;

/// <summary>
/// Progress of long steps: live bars on a terminal; in a log (output redirected, CI) one plain line when a step starts and
/// at each further tenth, because Spectre's progress reprints the whole task list on every update when it cannot redraw.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="action"/> with progress shown on <paramref name="console"/> (default: <see cref="AnsiConsole.Console"/>).</summary>
    public static void Start(Action<ConsoleProgressContext> action, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        console ??= AnsiConsole.Console;
        if (!IsLive(console))
        {
            action(new ConsoleProgressContext(console, null));
            return;
        }
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => action(new ConsoleProgressContext(console, context)));
    }

    /// <summary>
    /// Whether bars can redraw in place. Spectre's interactivity looks at the input, so <c>&gt; log</c> from a terminal still
    /// counts as interactive; a redirected output does not.
    /// </summary>
    public static bool IsLive(IAnsiConsole console)
        => console.Profile.Capabilities is { Interactive: true, Ansi: true } && !(ReferenceEquals(console, AnsiConsole.Console) && Console.IsOutputRedirected);
}
