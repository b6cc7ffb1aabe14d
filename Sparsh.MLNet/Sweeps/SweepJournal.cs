using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// trials.jsonl: one finished trial per line, appended (and flushed) as soon as the trial ends, so an interrupted sweep
/// loses at most the trials that were running. A torn last line is ignored on reading.
/// </summary>
internal sealed class SweepJournal
{
    public const string FileName = "trials.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string? _path;
    private readonly Lock _gate = new();

    public SweepJournal(string? folder) => _path = folder == null ? null : Path.Combine(Directory.CreateDirectory(folder).FullName, FileName);

    /// <summary>Finished trials by id (the last entry wins if an id was journalled twice).</summary>
    public Dictionary<int, SweepTrialResult> Read()
    {
        var results = new Dictionary<int, SweepTrialResult>();
        if (_path == null || !File.Exists(_path)) return results;
        foreach (string line in File.ReadLines(_path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (JsonSerializer.Deserialize<SweepTrialResult>(line, Json) is { } result) results[result.Id] = result;
            }
            catch (JsonException)
            {
                // A line cut short by the interruption: that trial simply runs again.
            }
        }
        return results;
    }

    public void Append(SweepTrialResult result)
    {
        if (_path == null) return;
        string line = JsonSerializer.Serialize(result, Json) + "\n";
        lock (_gate) File.AppendAllText(_path, line);
    }
}
