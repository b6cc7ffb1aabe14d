using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Examples.Cli;

/// <summary>Runs an example's single command through Spectre.Console.Cli: <c>--help</c>, validation and the examples' exit codes.</summary>
public static class ExampleApp
{
    /// <summary>Parses <paramref name="args"/>, runs <typeparamref name="TCommand"/> and returns its exit code (1 for a bad command line or an error).</summary>
    public static int Run<TCommand>(string name, string[] args) where TCommand : class, ICommand
    {
        var app = new CommandApp<TCommand>();
        app.Configure(config => Configure(config, name, args));
        return app.Run(args);
    }

    /// <summary>
    /// A token that Ctrl+C cancels (without killing the process, so a run can write its checkpoint first), linked to the
    /// command's own <paramref name="cancellationToken"/>.
    /// </summary>
    public static CancellationTokenSource CancelOnCtrlC(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            try { source.Cancel(); } catch (ObjectDisposedException) { } // pressed after the run ended
        };
        return source;
    }

    /// <summary>
    /// The configuration every example shares (tests apply it to a <c>CommandAppTester</c>); <paramref name="args"/>, when
    /// given, lets a value that does not convert be reported with the option it was given to.
    /// </summary>
    public static void Configure(IConfigurator config, string name, IReadOnlyList<string>? args = null)
    {
        config.SetApplicationName(name);
        // "0.001" means the same on every machine, whatever its locale.
        config.Settings.Culture = CultureInfo.InvariantCulture;
        // An unknown or misspelt option is an error, not silently ignored (a typo would otherwise run the default job).
        config.Settings.StrictParsing = true;
        // Exit code 1 for a bad command line or a failed run, as the examples returned before; Spectre's own default is -1.
        config.SetExceptionHandler((exception, _) =>
        {
            var console = config.Settings.Console ?? AnsiConsole.Console;
            if (exception is CommandAppException { Pretty: { } pretty }) console.Write(pretty);
            else if (exception is CommandAppException) console.MarkupLine($"[red]Error:[/] {Markup.Escape(Explain(exception.Message, args))}");
            else console.WriteException(exception, ExceptionFormats.ShortenPaths);
            return 1;
        });
    }

    // Spectre reports a value that does not convert as "Failed to convert 'x' to Nullable`1." without the option's name;
    // the option is the token just before the value (or the "--name=value" token holding it).
    private static string Explain(string message, IReadOnlyList<string>? args)
    {
        const string prefix = "Failed to convert '";
        if (args == null || !message.StartsWith(prefix, StringComparison.Ordinal)) return message;
        int end = message.IndexOf('\'', prefix.Length);
        if (end < 0) return message;
        string value = message[prefix.Length..end];
        for (int i = 0; i < args.Count; i++)
        {
            string? option = args[i] == value && i > 0 && args[i - 1].StartsWith('-') ? args[i - 1]
                : args[i].EndsWith("=" + value, StringComparison.Ordinal) ? args[i][..^(value.Length + 1)]
                : null;
            if (option != null) return $"{option} got '{value}', which is not a value it takes (see --help for its form).";
        }
        return message;
    }
}
