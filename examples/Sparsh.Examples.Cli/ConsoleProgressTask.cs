using System.Globalization;
using Spectre.Console;

namespace Sparsh.Examples.Cli;

/// <summary>One step of a <see cref="ConsoleProgress"/> display: a live bar, or plain lines at its start and at each further tenth.</summary>
public sealed class ConsoleProgressTask
{
    private readonly string _name;
    private readonly ProgressTask? _live;
    private readonly IAnsiConsole _console;
    private double _maximum;
    private int _printedTenths = -1;

    internal ConsoleProgressTask(string name, double maximum, ProgressTask? live, IAnsiConsole console)
        => (_name, _maximum, _live, _console) = (name, Math.Max(maximum, 1e-9), live, console);

    /// <summary>Moves the step to <paramref name="value"/> (out of <paramref name="maximum"/> when given), with an optional status such as a loss.</summary>
    public void Update(double value, double? maximum = null, string? status = null)
    {
        if (maximum is { } m) _maximum = Math.Max(m, 1e-9);
        string text = string.IsNullOrEmpty(status) ? _name : $"{_name}: {status}";
        if (_live != null)
        {
            _live.MaxValue = _maximum;
            _live.Value = value;
            _live.Description = Markup.Escape(text);
            return;
        }
        // A log gets a line when the step starts and when it passes a tenth, not one per update (a status such as a loss changes every step).
        int tenths = (int)Math.Floor(10 * Math.Clamp(value / _maximum, 0, 1) + 1e-9);
        if (tenths <= _printedTenths) return;
        _printedTenths = tenths;
        string line = string.Create(CultureInfo.InvariantCulture, $"[{_name}] {10 * tenths}% {value:0.##}/{_maximum:0.##}");
        // Straight to the writer: a log line is not wrapped at the console's assumed width of 80.
        _console.Profile.Out.Writer.WriteLine(string.IsNullOrEmpty(status) ? line : $"{line} {status}");
    }
}
