namespace Sparsh.Transforms.Tests.Hand;

/// <summary>
/// Finds XELA's URDF and xacro files (GPLv3, never copied into the repository) next to the repository:
/// <c>&lt;repository&gt;/../shared/reference/xela</c>.
/// </summary>
internal static class XelaReferenceFiles
{
    public const string HandUrdf = "ahrcpcpn.urdf";
    public const string SensorXacro = "xela.xacro";

    /// <summary>The full path of a reference file; marks the test inconclusive where the files are absent.</summary>
    public static string PathOf(string fileName)
    {
        var folder = FindFolder();
        var path = Path.Combine(folder ?? "", fileName);
        if (folder is null || !File.Exists(path))
        {
            Assert.Inconclusive(
                $"XELA reference file '{fileName}' not found: expected it in ../shared/reference/xela next to the repository root " +
                "(the folder holding Sparsh.MLNet.sln). Those GPLv3 files are not part of the repository.");
        }

        return path;
    }

    private static string? FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sparsh.MLNet.sln")))
            {
                var folder = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "reference", "xela"));
                return Directory.Exists(folder) ? folder : null;
            }
        }

        return null;
    }
}
