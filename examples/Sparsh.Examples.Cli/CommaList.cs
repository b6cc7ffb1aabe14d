using System.Globalization;

namespace Sparsh.Examples.Cli;

/// <summary>Comma-separated list options such as <c>--budgets 1,2,4</c>: each parser returns null when an item does not parse.</summary>
public static class CommaList
{
    /// <summary>Whole numbers, e.g. <c>1,2,4</c>.</summary>
    public static int[]? Ints(string text) => Parse<int>(text, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null);

    /// <summary>Numbers with a dot as the decimal separator, e.g. <c>0.001,3e-3</c>.</summary>
    public static double[]? Doubles(string text)
        => Parse<double>(text, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null);

    /// <summary>Enum names, any case, e.g. <c>Frozen,finetune</c>.</summary>
    public static TEnum[]? Enums<TEnum>(string text) where TEnum : struct, Enum => Parse<TEnum>(text, Enum<TEnum>);

    /// <summary>One enum name, any case; numbers are refused (Enum.TryParse would accept them).</summary>
    public static TEnum? Enum<TEnum>(string text) where TEnum : struct, Enum
        => System.Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? System.Enum.Parse<TEnum>(name) : null;

    private static T[]? Parse<T>(string text, Func<string, T?> parse) where T : struct
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries).Select(parse).ToArray();
        return items.Length > 0 && items.All(v => v.HasValue) ? items.Select(v => v!.Value).ToArray() : null;
    }
}
