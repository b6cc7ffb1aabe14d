using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// trials.jsonl: one finished trial per line, appended and flushed to disk as soon as the trial ends, so an interrupted
/// sweep loses at most the trials that were running. Each line is the <see cref="SweepTrialResult"/> plus a
/// <c>Fingerprint</c> of the data, search space and scoring options (<see cref="SweepFingerprint"/>); a line with another
/// fingerprint makes the whole journal refused, since its scores were measured on something else. A line that does not
/// parse or does not describe a trial (a torn last line after a kill, garbage) is reported with its line number and
/// skipped: that trial simply runs again. Lines from before fingerprints are reused with a warning. A score edited in a
/// journal of the same data and space cannot be detected: the fingerprint guards against mix-ups, not forgery.
/// </summary>
internal sealed class SweepJournal
{
    public const string FileName = "trials.jsonl";

    /// <summary>Subfolder of one file per trial, written by trial-per-process workers.</summary>
    public const string TrialFolderName = "trials";
    private const string FingerprintProperty = "Fingerprint";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _fingerprint;
    private readonly Lock _gate = new();

    /// <summary>A journal in <paramref name="folder"/> (none when null) for the sweep with <paramref name="fingerprint"/>.</summary>
    public SweepJournal(string? folder, string fingerprint)
    {
        Path = folder == null ? null : System.IO.Path.Combine(Directory.CreateDirectory(folder).FullName, FileName);
        _fingerprint = fingerprint;
    }

    /// <summary>The journal file, or null when the sweep keeps no journal.</summary>
    public string? Path { get; }

    /// <summary>
    /// Finished trials by id (the last entry wins if an id was journalled twice). Unreadable lines are passed to
    /// <paramref name="warn"/> with their line number and skipped.
    /// </summary>
    /// <exception cref="InvalidOperationException">A line was journalled for other data, another search space or other scoring options.</exception>
    public Dictionary<int, SweepTrialResult> Read(Action<string> warn)
    {
        var results = new Dictionary<int, SweepTrialResult>();
        if (Path == null) return results;
        int legacy = 0;
        if (File.Exists(Path))
        {
            int lineNumber = 0;
            foreach (string line in File.ReadLines(Path))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (Accept(line, $"'{Path}' line {lineNumber}", results, warn)) legacy++;
            }
            EndWithNewline();
        }
        // Trial-per-process workers' files; a worker killed mid-write leaves only a temporary file, which this pattern skips.
        if (Directory.Exists(TrialFolder))
            foreach (string file in Directory.EnumerateFiles(TrialFolder, "trial-*.json").Order(StringComparer.Ordinal))
                if (Accept(File.ReadAllText(file), $"'{file}'", results, warn)) legacy++;
        if (legacy > 0)
            warn($"{legacy} trials in '{Path}' were journalled without a fingerprint, so they cannot be checked against this data " +
                 "and search space; they are reused as before");
        return results;
    }

    /// <summary>The folder of per-trial files.</summary>
    private string TrialFolder => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path!)!, TrialFolderName);

    // Adds one journalled trial; true when it has no fingerprint (written before fingerprints).
    private bool Accept(string text, string where, Dictionary<int, SweepTrialResult> results, Action<string> warn)
    {
        var (result, fingerprint, problem) = Parse(text);
        if (result == null)
        {
            warn($"{where} is not a journalled trial ({problem}); skipped, so that trial runs again");
            return false;
        }
        if (fingerprint != null && fingerprint != _fingerprint)
            throw new InvalidOperationException(
                $"The sweep journal entry {where} was written for other data or another search space (fingerprint " +
                $"{fingerprint}, this sweep {_fingerprint}): its data, search space, seed, folds, test fraction, columns, metric, batch " +
                "size, validation fraction or encoder differ. Use another OutputFolder, or delete the journal to start afresh.");
        results[result.Id] = result;
        return fingerprint == null;
    }

    /// <summary>
    /// Writes one trial as <c>trials/trial-NNNNNN.json</c>, through a temporary file named after this process and renamed
    /// into place (<see cref="AtomicFile"/>): concurrent workers never share a file, and a kill mid-write leaves no record.
    /// </summary>
    public void WriteTrialFile(SweepTrialResult result)
    {
        if (Path == null) return;
        string folder = Directory.CreateDirectory(TrialFolder).FullName;
        string path = System.IO.Path.Combine(folder, $"trial-{result.Id:D6}.json");
        string temporary = System.IO.Path.Combine(folder, $".trial-{result.Id:D6}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        byte[] text = Encoding.UTF8.GetBytes(Serialize(result));
        AtomicFile.Write(path, temporary, stream => stream.Write(text));
    }

    private string Serialize(SweepTrialResult result)
    {
        var node = JsonSerializer.SerializeToNode(result, Json)!.AsObject();
        node[FingerprintProperty] = _fingerprint;
        return node.ToJsonString(Json);
    }

    /// <summary>Appends one trial and flushes it to disk.</summary>
    public void Append(SweepTrialResult result)
    {
        if (Path == null) return;
        byte[] line = Encoding.UTF8.GetBytes(Serialize(result) + "\n");
        lock (_gate)
        {
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            // The line survives a power cut once the trial is reported as journalled.
            stream.Flush(flushToDisk: true);
        }
    }

    private static (SweepTrialResult? Result, string? Fingerprint, string? Problem) Parse(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject node) return (null, null, "not a JSON object");
            string? fingerprint = node[FingerprintProperty] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            var result = node.Deserialize<SweepTrialResult>(Json);
            string? problem = result == null ? "null" : Check(result);
            return problem == null ? (result, fingerprint, null) : (null, null, problem);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return (null, null, e.Message);
        }
    }

    // What a resumed trial is used for (matching the plan, ranking) must be present and sensible.
    private static string? Check(SweepTrialResult result)
    {
        if (result.Id < 0) return $"trial id {result.Id}";
        if (!Enum.IsDefined(result.Family)) return $"unknown family {result.Family}";
        if (!Enum.IsDefined(result.Status)) return $"unknown status {result.Status}";
        if (result.Parameters == null || result.Parameters.Any(p => p.Value == null)) return "missing parameters";
        if (result.FoldScores == null) return "missing fold scores";
        if (result.ValidationCurves == null || result.ValidationCurves.Any(c => c == null)) return "missing validation curves";
        if (result.Status == SweepTrialStatus.Skipped) return "a skipped trial (skips are decided anew by every run)";
        if (result.Status == SweepTrialStatus.Completed && (result.FoldScores.Count == 0 || !double.IsFinite(result.Mean)))
            return "a completed trial without fold scores or a finite mean";
        return null;
    }

    // After a kill mid-append the file can end in a torn line; the next append must start on a line of its own.
    private void EndWithNewline()
    {
        using var stream = new FileStream(Path!, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length == 0) return;
        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() == '\n') return;
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
    }
}
