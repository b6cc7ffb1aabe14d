using System.Text.Json;

namespace Sparsh.Transforms.Tests.SparshSkinDataset;

/// <summary>
/// The tiny data set in the layout of Meta's release (tests/fixtures/sparsh-skin-dataset, written by
/// tools/fixtures/make_sparsh_skin_dataset.py) and the values Python read from it (expected.json).
/// </summary>
internal static class SparshSkinFixture
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "sparsh-skin-dataset");

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    private static readonly Lazy<JsonElement> ExpectedJson = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json"))).RootElement);

    /// <summary>What Python read from one sequence, keyed like "pretraining/cup/0".</summary>
    public static JsonElement Expected(string sequence) => ExpectedJson.Value.GetProperty(sequence);

    public static double[] Doubles(JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Copies a fixture folder into <paramref name="destination"/> so a test can damage the copy.</summary>
    public static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
