using Spectre.Console.Cli;

namespace Sparsh.EndToEnd.Tests;

/// <summary>Stands in for an example's command so a test parses and validates its settings without running it.</summary>
public sealed class ParseOnlyCommand<TSettings> : Command<TSettings> where TSettings : CommandSettings
{
    public override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken) => 0;
}
