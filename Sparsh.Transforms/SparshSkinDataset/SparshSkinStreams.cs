using System.Globalization;
using Sparsh.Transforms.Pickles;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>
/// Turns the objects in the release's pickles into streams: XELA frames (list of (368, 4) arrays [t, x, y, z]),
/// Allegro joint states ({"joint_states": (N, 33) [t, q16, effort16]}) and F/T force ({"force": (N, 4) [t, fx, fy, fz]}).
/// Every error names the file and, where it applies, the frame or row and what was expected.
/// </summary>
internal static class SparshSkinStreams
{
    private const int ColumnsPerTaxel = 4; // t, x, y, z

    /// <summary>Per-taxel frames of <c>xela/data.pkl</c> or <c>xela/forces.pkl</c> as one stream of 1104 values per frame.</summary>
    /// <returns>null when every frame is empty (forces.pkl of a XELA server without calibration).</returns>
    public static TimeSeries? ReadTaxelFrames(string path, string name, string unit, bool dropRepeated, bool allowEmpty, out int dropped)
    {
        var frames = Frames(RestrictedUnpickler.Load(path), path);
        dropped = 0;
        if (allowEmpty && frames.All(f => f.Count == 0))
            return null;
        var clock = new Clock(path, "frame", dropRepeated);
        var values = new List<float>(frames.Count * XelaSkin.ValuesPerFrame);
        for (int k = 0; k < frames.Count; k++)
        {
            var frame = frames[k];
            if (frame.Shape is not [XelaSkin.TaxelCount, ColumnsPerTaxel])
                throw new InvalidDataException(
                    $"{path}: frame {k} is an array of shape {frame.ShapeText}; expected ({XelaSkin.TaxelCount}, {ColumnsPerTaxel}): [t, x, y, z] for each of the {XelaSkin.TaxelCount} taxels.");
            if (!clock.Accept(k, frame.At(0, 0)))
                continue;
            for (int taxel = 0; taxel < XelaSkin.TaxelCount; taxel++)
                for (int axis = 1; axis < ColumnsPerTaxel; axis++)
                    values.Add((float)frame.At(taxel, axis));
        }
        dropped = clock.Dropped;
        return Series(path, name, XelaSkin.ValuesPerFrame, clock.Times, values.ToArray(), unit, null);
    }

    /// <summary>The 16 joint angles (radians) of <c>allegro/data.pkl</c>; efforts are not part of the recording format.</summary>
    public static TimeSeries ReadJoints(string path, bool dropRepeated, out int dropped)
    {
        var table = Table(DictEntry(RestrictedUnpickler.Load(path), path, "joint_states"), path, "joint_states", 1 + XelaSkin.JointCount,
            "[t, 16 joint angles in rad, 16 efforts]");
        return Columns(table, path, "joint_states", RecordingFormat.JointsStream, "rad", 1, XelaSkin.JointCount, sign: null, dropRepeated, out dropped);
    }

    /// <summary>
    /// The F/T force of a force-estimation sequence's <c>data.pkl</c> as [shear x, shear y, normal] in newtons. The sensor's
    /// z axis points away from the skin, so the normal force is -fz, as in the reference code (which also clips it at 0 and
    /// scales it for training; that is left to the user here).
    /// </summary>
    public static TimeSeries ReadForce(object? pickle, string path, bool dropRepeated, out int dropped)
    {
        var table = Table(DictEntry(pickle, path, "force"), path, "force", 4, "[t, fx, fy, fz] in N");
        return Columns(table, path, "force", "force", "N", 1, 3, sign: [1f, 1f, -1f], dropRepeated, out dropped, ["shear_x", "shear_y", "normal"]);
    }

    /// <summary>The value under <paramref name="key"/> of a pickled dict, or a clear error.</summary>
    public static object? DictEntry(object? pickle, string path, string key)
    {
        if (pickle is not Dictionary<object, object?> dict)
            throw new InvalidDataException($"{path}: holds a {Describe(pickle)}; expected a dict with key '{key}'.");
        if (!dict.TryGetValue(key, out var value))
            throw new InvalidDataException($"{path}: has no key '{key}'; its keys are {string.Join(", ", dict.Keys.Select(k => $"'{k}'"))}.");
        return value;
    }

    private static List<NumpyArray> Frames(object? pickle, string path)
    {
        switch (pickle)
        {
            case List<object?> list:
                var frames = new List<NumpyArray>(list.Count);
                for (int k = 0; k < list.Count; k++)
                    frames.Add(list[k] as NumpyArray ?? throw new InvalidDataException(
                        $"{path}: frame {k} is a {Describe(list[k])}; expected a numpy array of shape ({XelaSkin.TaxelCount}, {ColumnsPerTaxel}) [t, x, y, z] per taxel."));
                return frames;
            case NumpyArray { Shape.Length: 3 } stacked:
                // np.asarray of the list, saved as one (N, 368, 4) array.
                return Enumerable.Range(0, (int)stacked.Shape[0]).Select(k => Slice(stacked, k)).ToList();
            default:
                throw new InvalidDataException(
                    $"{path}: holds a {Describe(pickle)}; expected a list of numpy arrays of shape ({XelaSkin.TaxelCount}, {ColumnsPerTaxel}), one per XELA message.");
        }
    }

    private static NumpyArray Slice(NumpyArray stacked, int k)
    {
        if (stacked.FortranOrder)
            throw new InvalidDataException("a Fortran-ordered (N, 368, 4) array is not supported; save the frames as a list.");
        int bytesPerFrame = (int)(stacked.Shape[1] * stacked.Shape[2] * stacked.Dtype.ItemSize);
        return new NumpyArray(stacked.Dtype, [stacked.Shape[1], stacked.Shape[2]], stacked.Data.Slice(k * bytesPerFrame, bytesPerFrame), false);
    }

    private static NumpyArray Table(object? value, string path, string key, int minColumns, string layout)
    {
        if (value is not NumpyArray { Shape.Length: 2 } table || table.Shape[1] < minColumns)
            throw new InvalidDataException(
                $"{path}: '{key}' is a {(value is NumpyArray a ? $"numpy array of shape {a.ShapeText}" : Describe(value))}; expected a 2-D array with at least {minColumns} columns {layout}.");
        return table;
    }

    private static TimeSeries Columns(NumpyArray table, string path, string key, string name, string unit, int first, int width, float[]? sign,
        bool dropRepeated, out int dropped, IReadOnlyList<string>? channels = null)
    {
        var clock = new Clock(path, $"'{key}' row", dropRepeated);
        var values = new List<float>((int)table.Shape[0] * width);
        for (int row = 0; row < table.Shape[0]; row++)
        {
            if (!clock.Accept(row, table.At(row, 0)))
                continue;
            for (int c = 0; c < width; c++)
                values.Add((float)table.At(row, first + c) * (sign?[c] ?? 1f));
        }
        dropped = clock.Dropped;
        return Series(path, name, width, clock.Times, values.ToArray(), unit, channels);
    }

    private static TimeSeries Series(string path, string name, int width, List<double> times, float[] values, string unit, IReadOnlyList<string>? channels)
    {
        if (times.Count == 0)
            throw new InvalidDataException($"{path}: holds no samples.");
        return new TimeSeries(name, width, times.ToArray(), values, unit, channels);
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        NumpyArray a => $"numpy array of shape {a.ShapeText}",
        Dictionary<object, object?> => "dict",
        List<object?> => "list",
        object?[] => "tuple",
        _ => value.GetType().Name,
    };

    /// <summary>Checks one stream's clock: finite, never decreasing; a repeated time is dropped or refused.</summary>
    private sealed class Clock(string path, string what, bool dropRepeated)
    {
        public List<double> Times { get; } = [];

        public int Dropped { get; private set; }

        public bool Accept(int index, double seconds)
        {
            if (!double.IsFinite(seconds))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: {what} {index} has timestamp {seconds}; expected finite seconds."));
            if (Times.Count > 0 && seconds <= Times[^1])
            {
                if (seconds == Times[^1] && dropRepeated)
                {
                    Dropped++;
                    return false;
                }
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {what} {index} has timestamp {seconds:R} s, not after the previous one ({Times[^1]:R} s){(seconds == Times[^1] ? "; set DropRepeatedTimestamps to drop repeated stamps" : "")}."));
            }
            Times.Add(seconds);
            return true;
        }
    }
}
