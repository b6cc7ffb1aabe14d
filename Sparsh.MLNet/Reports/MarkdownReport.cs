using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Sparsh.MLNet.Reports;

/// <summary>Builds a report.md with headings, text, tables and PNG figures that live next to it.</summary>
public sealed class MarkdownReport
{
    private readonly StringBuilder _text = new();

    /// <summary>Creates a report in <paramref name="directory"/> (figures are written there too).</summary>
    public MarkdownReport(string directory, string title)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        _text.AppendLine($"# {title}").AppendLine();
    }

    /// <summary>Folder of the report and its figures.</summary>
    public string Directory { get; }

    /// <summary>Path for a figure file name inside the report folder.</summary>
    public string FigurePath(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Adds a section heading.</summary>
    public MarkdownReport Heading(string text, int level = 2)
    {
        _text.AppendLine($"{new string('#', level)} {text}").AppendLine();
        return this;
    }

    /// <summary>Adds a paragraph.</summary>
    public MarkdownReport Paragraph(string text)
    {
        _text.AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>Embeds a figure written with <see cref="FigurePath"/>.</summary>
    public MarkdownReport Figure(string fileName, string caption)
    {
        _text.AppendLine($"![{caption}]({fileName})").AppendLine().AppendLine($"*{caption}*").AppendLine();
        return this;
    }

    /// <summary>Adds a table; numbers are formatted with <paramref name="numberFormat"/>.</summary>
    public MarkdownReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, string numberFormat = "G4")
    {
        _text.AppendLine("| " + string.Join(" | ", header) + " |");
        _text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
            _text.AppendLine("| " + string.Join(" | ", row.Select(cell => Format(cell, numberFormat))) + " |");
        _text.AppendLine();
        return this;
    }

    /// <summary>Adds a DataFrame as a table.</summary>
    public MarkdownReport Table(DataFrame frame, string numberFormat = "G4")
        => Table(frame.Columns.Select(c => c.Name).ToArray(),
            frame.Rows.Select(r => (IReadOnlyList<object?>)r.ToArray()), numberFormat);

    /// <summary>Writes report.md and returns its path.</summary>
    public string Save(string fileName = "report.md")
    {
        string path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, _text.ToString());
        return path;
    }

    private static string Format(object? cell, string numberFormat) => cell switch
    {
        null => "",
        double d when double.IsNaN(d) => "n/a",
        double d => d.ToString(numberFormat, CultureInfo.InvariantCulture),
        float f => f.ToString(numberFormat, CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString()!.Replace("|", "\\|"),
    };
}
