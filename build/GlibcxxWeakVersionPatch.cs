// Build-time fix that lets TorchSharp's native bridge load on Linux distributions whose libstdc++
// is older than GCC 13 (e.g. Debian 12). See README "Troubleshooting" for the full story.
//
// libLibTorchSharp.so asks for the symbol version GLIBCXX_3.4.32 only because GCC 13 emits an
// unrelocated reference to std::ios_base_library_init(). Marking that one version requirement weak
// (VER_FLG_WEAK in its Elf64_Vernaux entry) lets the dynamic loader accept an older libstdc++.
// The file is compiled twice: as an MSBuild inline task (RoslynCodeTaskFactory) and, with
// SPARSH_NO_MSBUILD defined, into the tests that check the patch itself.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

/// <summary>Reads and edits the version-needed table of a 64-bit little-endian ELF file.</summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    /// <summary>Outcome of <see cref="MarkWeak"/>.</summary>
    public enum PatchResult { Patched, AlreadyWeak, NotRequired }

    /// <summary>Marks the requirement on <paramref name="versionName"/> weak, in place. Idempotent.</summary>
    public static PatchResult MarkWeak(string path, string versionName)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long flagsOffset = FindVernauxFlagsOffset(bytes, versionName, path);
        if (flagsOffset < 0) return PatchResult.NotRequired;
        ushort flags = BitConverter.ToUInt16(bytes, (int)flagsOffset);
        if ((flags & VerFlagWeak) != 0) return PatchResult.AlreadyWeak;

        DateTime stamp = File.GetLastWriteTimeUtc(path);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsOffset;
            ushort patched = (ushort)(flags | VerFlagWeak);
            stream.WriteByte((byte)(patched & 0xff));
            stream.WriteByte((byte)(patched >> 8));
        }
        // Keep the timestamp so MSBuild's incremental copy does not see a changed file and re-copy the original.
        File.SetLastWriteTimeUtc(path, stamp);
        return PatchResult.Patched;
    }

    /// <summary>True when the file's version table requires <paramref name="versionName"/> non-weakly.</summary>
    public static bool RequiresStrongly(string path, string versionName)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long offset = FindVernauxFlagsOffset(bytes, versionName, path);
        return offset >= 0 && (BitConverter.ToUInt16(bytes, (int)offset) & VerFlagWeak) == 0;
    }

    /// <summary>True when a shared library (e.g. the system libstdc++) defines the version name.</summary>
    public static bool DefinesVersion(string libraryPath, string versionName)
    {
        byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
        byte[] haystack = File.ReadAllBytes(libraryPath);
        return IndexOf(haystack, needle) >= 0;
    }

    /// <summary>File offset of vna_flags for the named requirement, or -1 when there is none.</summary>
    static long FindVernauxFlagsOffset(byte[] elf, string versionName, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"'{path}' is not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"'{path}' is not a 64-bit little-endian ELF file (class {elf[4]}, data {elf[5]}).");

        long sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3a);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3c);
        for (int i = 0; i < sectionCount; i++)
        {
            int header = checked((int)(sectionTable + (long)i * sectionSize));
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            long tableOffset = (long)BitConverter.ToUInt64(elf, header + 0x18);
            uint stringSection = BitConverter.ToUInt32(elf, header + 0x28);
            int stringHeader = checked((int)(sectionTable + (long)stringSection * sectionSize));
            long stringsOffset = (long)BitConverter.ToUInt64(elf, stringHeader + 0x18);

            long need = tableOffset;
            while (true)
            {
                ushort auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    uint name = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, stringsOffset + name) == versionName) return aux + 4;
                    uint nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint nextNeed = BitConverter.ToUInt32(elf, (int)need + 12);
                if (nextNeed == 0) break;
                need += nextNeed;
            }
        }
        return -1;
    }

    static string ReadCString(byte[] bytes, long offset)
    {
        int end = (int)offset;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)offset, end - (int)offset);
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>The system libstdc++ the dynamic loader would pick, or null if none is found.</summary>
    public static string? FindSystemLibStdCxx()
    {
        string[] directories =
        {
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, "libstdc++.so.6");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

#if !SPARSH_NO_MSBUILD
/// <summary>MSBuild task: patches every libLibTorchSharp.so under a folder when the system needs it.</summary>
public class PatchLibTorchSharpForOldLibStdCxx : Microsoft.Build.Utilities.Task
{
    const string Version = "GLIBCXX_3.4.32";

    /// <summary>Output folder (bin, test or publish) to search.</summary>
    [Microsoft.Build.Framework.Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !System.IO.Directory.Exists(Directory)) return true;
        string? system = ElfVersionNeeds.FindSystemLibStdCxx();
        if (system != null && ElfVersionNeeds.DefinesVersion(system, Version)) return true;

        foreach (string library in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            var result = ElfVersionNeeds.MarkWeak(library, Version);
            if (result == ElfVersionNeeds.PatchResult.Patched)
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"Sparsh: marked {Version} weak in {library} (system libstdc++ lacks it; see README Troubleshooting).");
        }
        return true;
    }
}
#endif
