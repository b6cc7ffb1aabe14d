using System.Numerics;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Geometry;

/// <summary>
/// What the simulator needs to know about the taxel layout, independent of joint angles: which patch each
/// taxel sits on, the taxel's share of skin area, its same-patch neighbours (for magnetic crosstalk) and a
/// reference pair of taxels per patch that fixes each taxel's local x axis.
/// </summary>
/// <remarks>
/// Patches are rigid, so distances measured in any one pose (the rest pose given here) hold in every pose.
/// Neighbours never cross patches: each patch is a separate piece of elastomer and magnets on different
/// patches are far apart.
/// </remarks>
public sealed class TaxelGeometry
{
    private readonly int[] _patchOfTaxel;

    /// <summary>Builds the layout from one pose of the taxels.</summary>
    /// <param name="patchOfTaxel">Patch index of each taxel.</param>
    /// <param name="restPositionsMetres">Taxel positions in any one pose, taxel-major (count x 3), metres.</param>
    /// <param name="neighbourRadiusMetres">Largest centre distance at which two taxels of a patch count as neighbours.</param>
    public TaxelGeometry(IReadOnlyList<int> patchOfTaxel, ReadOnlySpan<float> restPositionsMetres, float neighbourRadiusMetres = 0.008f)
    {
        ArgumentNullException.ThrowIfNull(patchOfTaxel);
        int count = patchOfTaxel.Count;
        if (count == 0)
            throw new ArgumentException("At least one taxel is needed.", nameof(patchOfTaxel));
        if (restPositionsMetres.Length != count * 3)
            throw new ArgumentException($"Expected {count * 3} position values (taxels x 3); got {restPositionsMetres.Length}.", nameof(restPositionsMetres));
        if (!(neighbourRadiusMetres > 0))
            throw new ArgumentOutOfRangeException(nameof(neighbourRadiusMetres), "Neighbour radius must be positive.");

        TaxelCount = count;
        _patchOfTaxel = patchOfTaxel.ToArray();
        NeighbourRadiusMetres = neighbourRadiusMetres;

        var positions = new Vector3[count];
        for (int i = 0; i < count; i++)
            positions[i] = new Vector3(restPositionsMetres[3 * i], restPositionsMetres[3 * i + 1], restPositionsMetres[3 * i + 2]);

        // The first two taxels of a patch (row-major in every XELA layout) give the patch's x direction.
        TangentFrom = new int[count];
        TangentTo = new int[count];
        var firstOfPatch = new Dictionary<int, int>();
        var secondOfPatch = new Dictionary<int, int>();
        for (int i = 0; i < count; i++)
        {
            if (!firstOfPatch.ContainsKey(_patchOfTaxel[i])) firstOfPatch[_patchOfTaxel[i]] = i;
            else secondOfPatch.TryAdd(_patchOfTaxel[i], i);
        }
        for (int i = 0; i < count; i++)
        {
            TangentFrom[i] = firstOfPatch[_patchOfTaxel[i]];
            TangentTo[i] = secondOfPatch.TryGetValue(_patchOfTaxel[i], out int second) ? second : -1;
        }

        var starts = new int[count + 1];
        var indices = new List<int>();
        var distances = new List<float>();
        AreaSquareMetres = new float[count];
        for (int i = 0; i < count; i++)
        {
            starts[i] = indices.Count;
            float nearest = float.PositiveInfinity;
            for (int j = 0; j < count; j++)
            {
                if (j == i || _patchOfTaxel[j] != _patchOfTaxel[i]) continue;
                float d = Vector3.Distance(positions[i], positions[j]);
                nearest = MathF.Min(nearest, d);
                if (d <= neighbourRadiusMetres)
                {
                    indices.Add(j);
                    distances.Add(d);
                }
            }
            // A taxel owns roughly one pitch squared of skin; a lone taxel gets the 4x4 patch pitch.
            float pitch = float.IsFinite(nearest) ? nearest : 0.004667f;
            AreaSquareMetres[i] = pitch * pitch;
        }
        starts[count] = indices.Count;
        NeighbourStart = starts;
        NeighbourIndex = indices.ToArray();
        NeighbourDistanceMetres = distances.ToArray();
    }

    /// <summary>Number of taxels.</summary>
    public int TaxelCount { get; }

    /// <summary>Neighbour radius used to build <see cref="NeighbourIndex"/>, metres.</summary>
    public float NeighbourRadiusMetres { get; }

    /// <summary>Patch index of a taxel.</summary>
    public int PatchOf(int taxel) => _patchOfTaxel[taxel];

    /// <summary>Skin area each taxel stands for (its nearest-neighbour pitch squared), square metres.</summary>
    internal float[] AreaSquareMetres { get; }

    /// <summary>CSR start of each taxel's neighbours in <see cref="NeighbourIndex"/> (count + 1 entries).</summary>
    internal int[] NeighbourStart { get; }

    /// <summary>Neighbouring taxels of the same patch, grouped by taxel.</summary>
    internal int[] NeighbourIndex { get; }

    /// <summary>Centre distance to each entry of <see cref="NeighbourIndex"/>, metres.</summary>
    internal float[] NeighbourDistanceMetres { get; }

    /// <summary>Per taxel: first taxel of its patch (start of the x reference direction).</summary>
    internal int[] TangentFrom { get; }

    /// <summary>Per taxel: second taxel of its patch (end of the x reference direction), or -1 for a lone taxel.</summary>
    internal int[] TangentTo { get; }

    /// <summary>
    /// Local tangent axes of <paramref name="taxel"/> with outward normal <paramref name="normal"/> in the pose
    /// <paramref name="positionsMetres"/>: x along the patch's first-to-second-taxel direction projected on the
    /// tangent plane (so it turns with the patch under kinematics), y = normal x x.
    /// </summary>
    internal void TangentFrame(int taxel, ReadOnlySpan<float> positionsMetres, Vector3 normal, out Vector3 x, out Vector3 y)
    {
        int a = TangentFrom[taxel], b = TangentTo[taxel];
        Vector3 reference = b < 0
            ? (MathF.Abs(normal.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY)
            : new Vector3(positionsMetres[3 * b] - positionsMetres[3 * a], positionsMetres[3 * b + 1] - positionsMetres[3 * a + 1], positionsMetres[3 * b + 2] - positionsMetres[3 * a + 2]);
        x = reference - Vector3.Dot(reference, normal) * normal;
        float length = x.Length();
        x = length > 1e-9f ? x / length : Vector3.Normalize(Vector3.Cross(normal, MathF.Abs(normal.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY));
        y = Vector3.Cross(normal, x);
    }

    /// <summary>The layout of a hand model's skin (patches from <see cref="Taxel.PatchIndex"/>, distances in the zero pose).</summary>
    public static TaxelGeometry FromHand(HandModel hand, float neighbourRadiusMetres = 0.008f)
    {
        ArgumentNullException.ThrowIfNull(hand);
        var positions = new float[hand.TaxelCount * 3];
        hand.ComputeTaxelPoses(new float[hand.JointCount], positions, []);
        return new TaxelGeometry(hand.Taxels.Select(t => t.PatchIndex).ToArray(), positions, neighbourRadiusMetres);
    }

    /// <summary>
    /// A flat layout of <paramref name="patches"/> row-major grids on the z = 0 plane, normals +z, patches side by
    /// side along x with a gap of two pitches. For demos and tests without a hand model.
    /// </summary>
    public static TaxelGeometry FlatGrid(int patches, int rows, int columns, float pitchMetres, out float[] positionsMetres, out float[] normals)
    {
        int count = patches * rows * columns;
        positionsMetres = new float[count * 3];
        normals = new float[count * 3];
        var patchOf = new int[count];
        int t = 0;
        for (int p = 0; p < patches; p++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++, t++)
                {
                    patchOf[t] = p;
                    positionsMetres[3 * t] = (p * (columns + 2) + c) * pitchMetres;
                    positionsMetres[3 * t + 1] = r * pitchMetres;
                    normals[3 * t + 2] = 1f;
                }
        return new TaxelGeometry(patchOf, positionsMetres, neighbourRadiusMetres: 1.5f * pitchMetres);
    }
}
