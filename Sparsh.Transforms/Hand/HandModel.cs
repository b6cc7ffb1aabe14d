using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Hand;

/// <summary>
/// A skin-covered hand: its taxels in flatten order, its sensor patches, its revolute joints, and forward kinematics
/// from joint angles to taxel positions and normals in the palm frame. Immutable and safe to share between threads.
/// </summary>
public sealed class HandModel
{
    // Joint angles this far outside a limit still pass JointLimitPolicy.Throw (and are clamped): limits are doubles
    // while recorded angles are floats, so an angle recorded exactly at a limit can round past it.
    private const double LimitToleranceRadians = 1e-6;

    private readonly HandJoint[] _joints;
    private readonly SensorPatch[] _patches;
    private readonly Taxel[] _taxels;
    private readonly Dictionary<string, int> _taxelIndexByName;

    // Kinematic tree: link slot 0 is the palm, slot j + 1 the child link of joint j.
    private readonly int[] _jointOrder;        // joints with every parent before its children
    private readonly int[] _jointParentSlot;   // link slot each joint hangs from
    private readonly RigidTransform[] _jointOrigins;
    private readonly bool[] _jointOriginIsTranslation;
    private readonly int[] _jointAxisKind;     // 0, 1, 2: +x, +y, +z; 3, 4, 5: -x, -y, -z; -1: any other axis
    private readonly double[] _jointAxes;      // unit axes, 3 per joint
    private readonly int[] _patchSlot;         // link slot each patch is mounted on

    // Taxel positions and normals already carried through the patch mounts into their link frames, taxel-major xyz,
    // so a call transforms every taxel once by its link pose.
    private readonly float[] _linkPositions;
    private readonly float[] _linkNormals;

    internal HandModel(string palmLinkName, IReadOnlyList<HandJoint> joints, IReadOnlyList<SensorPatchSpec> patchSpecs)
    {
        ArgumentException.ThrowIfNullOrEmpty(palmLinkName);
        PalmLinkName = palmLinkName;
        _joints = [.. joints];
        var slotByLink = new Dictionary<string, int>(StringComparer.Ordinal) { [palmLinkName] = 0 };
        for (var j = 0; j < _joints.Length; j++)
        {
            if (_joints[j].Index != j)
            {
                throw new ArgumentException($"Joint '{_joints[j].Name}' has index {_joints[j].Index} but is at position {j}.", nameof(joints));
            }

            if (!slotByLink.TryAdd(_joints[j].ChildLinkName, j + 1))
            {
                throw new ArgumentException($"Link '{_joints[j].ChildLinkName}' is moved by two joints or is the palm.", nameof(joints));
            }
        }

        _jointParentSlot = new int[_joints.Length];
        _jointAxes = new double[_joints.Length * 3];
        _jointOrigins = new RigidTransform[_joints.Length];
        _jointAxisKind = new int[_joints.Length];
        _jointOriginIsTranslation = new bool[_joints.Length];
        for (var j = 0; j < _joints.Length; j++)
        {
            _jointParentSlot[j] = SlotOf(slotByLink, _joints[j].ParentLinkName, $"joint '{_joints[j].Name}'");
            _jointOrigins[j] = _joints[j].Origin;
            _jointOriginIsTranslation[j] = _jointOrigins[j].HasIdentityRotation;
            _jointAxisKind[j] = AxisKind(_joints[j].Axis);
            _jointAxes[3 * j] = _joints[j].Axis.X;
            _jointAxes[3 * j + 1] = _joints[j].Axis.Y;
            _jointAxes[3 * j + 2] = _joints[j].Axis.Z;
        }

        _jointOrder = TopologicalOrder(_joints, _jointParentSlot);

        _patches = new SensorPatch[patchSpecs.Count];
        _patchSlot = new int[patchSpecs.Count];
        var taxels = new List<Taxel>();
        for (var p = 0; p < patchSpecs.Count; p++)
        {
            var spec = patchSpecs[p];
            _patchSlot[p] = SlotOf(slotByLink, spec.ParentLinkName, $"patch '{spec.Name}'");
            _patches[p] = new SensorPatch(p, spec.Name, spec.Type, taxels.Count, spec.LinkName, spec.ParentLinkName, spec.Mount);
            for (var n = 0; n < _patches[p].TaxelCount; n++)
            {
                taxels.Add(new Taxel(taxels.Count, $"{spec.Name}_{n + 1}", spec.Name, spec.Type, p,
                    TaxelLayouts.PositionVector(spec.Type, n), TaxelLayouts.NormalVector(spec.Type, n))
                { NumberInPatch = n + 1 });
            }
        }

        _taxels = [.. taxels];
        _taxelIndexByName = new Dictionary<string, int>(_taxels.Length, StringComparer.Ordinal);
        foreach (var taxel in _taxels)
        {
            if (!_taxelIndexByName.TryAdd(taxel.Name, taxel.Index))
            {
                throw new ArgumentException($"Two taxels are named '{taxel.Name}'; patch names must be unique.", nameof(patchSpecs));
            }
        }

        _linkPositions = new float[_taxels.Length * 3];
        _linkNormals = new float[_taxels.Length * 3];
        foreach (var patch in _patches)
        {
            for (var n = 0; n < patch.TaxelCount; n++)
            {
                var i = 3 * (patch.FirstTaxelIndex + n);
                var (px, py, pz) = TaxelLayouts.Position(patch.Type, n);
                (px, py, pz) = patch.MountTransform.Apply(px, py, pz);
                var (nx, ny, nz) = TaxelLayouts.Normal(patch.Type, n);
                (nx, ny, nz) = patch.MountTransform.Rotate(nx, ny, nz);
                _linkPositions[i] = (float)px;
                _linkPositions[i + 1] = (float)py;
                _linkPositions[i + 2] = (float)pz;
                _linkNormals[i] = (float)nx;
                _linkNormals[i + 1] = (float)ny;
                _linkNormals[i + 2] = (float)nz;
            }
        }

        Taxels = Array.AsReadOnly(_taxels);
        Patches = Array.AsReadOnly(_patches);
        Joints = Array.AsReadOnly(_joints);
    }

    /// <summary>The built-in Allegro right hand with XELA uSkin (368 taxels, 18 patches, 16 joints).</summary>
    public static HandModel AllegroXela => AllegroXelaDefaults.Model;

    /// <summary>
    /// Loads a hand's own URDF: its joints and patch mounts, with the built-in taxel layout of each sensor type.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not URDF, or lacks a patch link or joint (the message names
    /// the file and what is missing).</exception>
    public static HandModel FromUrdf(string urdfPath) => UrdfHandLoader.Load(urdfPath);

    /// <summary>The link whose frame positions and normals are expressed in.</summary>
    public string PalmLinkName { get; }

    /// <summary>All taxels in flatten order.</summary>
    public IReadOnlyList<Taxel> Taxels { get; }

    /// <summary>Sensor patches in flatten order; each patch's taxels are contiguous.</summary>
    public IReadOnlyList<SensorPatch> Patches { get; }

    /// <summary>Revolute joints in joint-angle order (joint_0..joint_15 on the Allegro hand).</summary>
    public IReadOnlyList<HandJoint> Joints { get; }

    /// <summary>Number of taxels (368 on the Allegro hand).</summary>
    public int TaxelCount => _taxels.Length;

    /// <summary>Number of joint angles forward kinematics takes (16 on the Allegro hand).</summary>
    public int JointCount => _joints.Length;

    /// <summary>The flatten index of the taxel called <paramref name="taxelName"/> (e.g. <c>3aftc_1</c>), or -1.</summary>
    public int IndexOfTaxel(string taxelName) => _taxelIndexByName.GetValueOrDefault(taxelName, -1);

    /// <summary>The patch called <paramref name="patchName"/>.</summary>
    /// <exception cref="ArgumentException">No patch has that name.</exception>
    public SensorPatch GetPatch(string patchName)
    {
        foreach (var patch in _patches)
        {
            if (patch.Name == patchName)
            {
                return patch;
            }
        }

        throw new ArgumentException($"The hand has no patch '{patchName}'.", nameof(patchName));
    }

    /// <summary>
    /// Names of the <c>TaxelCount * axisNames.Count</c> values of a taxel-major vector, e.g. <c>3aftc_1.x</c>,
    /// <c>3aftc_1.y</c>, ... for ML.NET slot names.
    /// </summary>
    /// <param name="axisNames">Per-taxel value names; <see cref="XelaSkin.AxisNames"/> (x, y, z) when null.</param>
    public IReadOnlyList<string> TaxelSlotNames(IReadOnlyList<string>? axisNames = null)
    {
        axisNames ??= XelaSkin.AxisNames;
        var names = new string[_taxels.Length * axisNames.Count];
        for (var t = 0; t < _taxels.Length; t++)
        {
            for (var a = 0; a < axisNames.Count; a++)
            {
                names[t * axisNames.Count + a] = $"{_taxels[t].Name}.{axisNames[a]}";
            }
        }

        return Array.AsReadOnly(names);
    }

    /// <summary>
    /// Forward kinematics: taxel positions (metres) and unit normals in the palm frame for one set of joint angles.
    /// Allocation-free; safe to call from several threads at once.
    /// </summary>
    /// <param name="jointAnglesRadians"><see cref="JointCount"/> angles in joint order.</param>
    /// <param name="positionsMetres">Receives <c>TaxelCount * 3</c> values, taxel-major x, y, z.</param>
    /// <param name="normals">Empty to skip normals, or receives <c>TaxelCount * 3</c> values, taxel-major x, y, z.</param>
    /// <param name="policy">What to do with angles outside a joint's limits.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or an angle is NaN or infinite (the message
    /// names the joint).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An angle is outside its joint's limits under
    /// <see cref="JointLimitPolicy.Throw"/> (the message names the joint, the angle and the limits).</exception>
    public void ComputeTaxelPoses(ReadOnlySpan<float> jointAnglesRadians, Span<float> positionsMetres, Span<float> normals, JointLimitPolicy policy = JointLimitPolicy.Clamp)
    {
        var valueCount = _taxels.Length * 3;
        if (positionsMetres.Length != valueCount)
        {
            ThrowWrongLength(nameof(positionsMetres), valueCount, positionsMetres.Length);
        }

        if (normals.Length != 0 && normals.Length != valueCount)
        {
            ThrowWrongLength(nameof(normals), valueCount, normals.Length, "or 0 to skip normals");
        }

        Span<RigidTransform> linkPoses = stackalloc RigidTransform[_joints.Length + 1];
        ComputeLinkPoses(jointAnglesRadians, linkPoses, policy);

        for (var p = 0; p < _patches.Length; p++)
        {
            var patch = _patches[p];
            var start = 3 * patch.FirstTaxelIndex;
            var length = 3 * patch.TaxelCount;
            ref readonly var pose = ref linkPoses[_patchSlot[p]];
            TransformPoints(pose, _linkPositions.AsSpan(start, length), positionsMetres.Slice(start, length), translate: true);
            if (!normals.IsEmpty)
            {
                TransformPoints(pose, _linkNormals.AsSpan(start, length), normals.Slice(start, length), translate: false);
            }
        }
    }

    /// <summary>Forward kinematics of the patch frames: each patch's pose in the palm frame, in patch order.</summary>
    /// <param name="jointAnglesRadians"><see cref="JointCount"/> angles in joint order.</param>
    /// <param name="patchPoses">Receives <c>Patches.Count</c> poses.</param>
    /// <param name="policy">What to do with angles outside a joint's limits.</param>
    public void ComputePatchPoses(ReadOnlySpan<float> jointAnglesRadians, Span<RigidTransform> patchPoses, JointLimitPolicy policy = JointLimitPolicy.Clamp)
    {
        if (patchPoses.Length != _patches.Length)
        {
            ThrowWrongLength(nameof(patchPoses), _patches.Length, patchPoses.Length);
        }

        Span<RigidTransform> linkPoses = stackalloc RigidTransform[_joints.Length + 1];
        ComputeLinkPoses(jointAnglesRadians, linkPoses, policy);
        for (var p = 0; p < _patches.Length; p++)
        {
            patchPoses[p] = linkPoses[_patchSlot[p]].Compose(_patches[p].MountTransform);
        }
    }

    private void ComputeLinkPoses(ReadOnlySpan<float> jointAnglesRadians, Span<RigidTransform> linkPoses, JointLimitPolicy policy)
    {
        if (jointAnglesRadians.Length != _joints.Length)
        {
            ThrowWrongLength(nameof(jointAnglesRadians), _joints.Length, jointAnglesRadians.Length);
        }

        if (policy is not (JointLimitPolicy.Clamp or JointLimitPolicy.Throw))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown joint limit policy.");
        }

        linkPoses[0] = RigidTransform.Identity;
        foreach (var j in _jointOrder)
        {
            var joint = _joints[j];
            double angle = jointAnglesRadians[j];
            if (!double.IsFinite(angle))
            {
                ThrowNotFinite(joint, jointAnglesRadians[j]);
            }

            if (angle < joint.LowerLimitRadians || angle > joint.UpperLimitRadians)
            {
                if (policy == JointLimitPolicy.Throw
                    && (angle < joint.LowerLimitRadians - LimitToleranceRadians || angle > joint.UpperLimitRadians + LimitToleranceRadians))
                {
                    ThrowOutOfLimits(joint, jointAnglesRadians[j]);
                }

                angle = Math.Clamp(angle, joint.LowerLimitRadians, joint.UpperLimitRadians);
            }

            var (sin, cos) = Math.SinCos(angle);
            ref readonly var parent = ref linkPoses[_jointParentSlot[j]];
            ref readonly var origin = ref _jointOrigins[j];
            // Most finger joints sit straight along the previous link, so their origin is a bare translation.
            var jointFrame = _jointOriginIsTranslation[j] ? parent.ComposeTranslation(origin.Tx, origin.Ty, origin.Tz) : parent.Compose(origin);
            var kind = _jointAxisKind[j];
            linkPoses[j + 1] = kind switch
            {
                < 0 => jointFrame.Compose(RigidTransform.FromAxisSinCos(_jointAxes[3 * j], _jointAxes[3 * j + 1], _jointAxes[3 * j + 2], sin, cos)),
                < 3 => jointFrame.ComposeAxisRotation(kind, sin, cos),
                _ => jointFrame.ComposeAxisRotation(kind - 3, -sin, cos),
            };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformPoints(in RigidTransform pose, ReadOnlySpan<float> source, Span<float> destination, bool translate)
    {
        float r00 = (float)pose.R00, r01 = (float)pose.R01, r02 = (float)pose.R02;
        float r10 = (float)pose.R10, r11 = (float)pose.R11, r12 = (float)pose.R12;
        float r20 = (float)pose.R20, r21 = (float)pose.R21, r22 = (float)pose.R22;
        float tx = 0, ty = 0, tz = 0;
        if (translate)
        {
            tx = (float)pose.Tx;
            ty = (float)pose.Ty;
            tz = (float)pose.Tz;
        }

        // Callers pass spans of equal length, a multiple of 3; references skip the per-element bounds checks.
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // One taxel per 4-lane vector: column0 * x + column1 * y + column2 * z + t. Each store writes a fourth float
            // that the next taxel overwrites, so the last taxel is left to the scalar loop to stay inside the span.
            var column0 = Vector128.Create(r00, r10, r20, 0f);
            var column1 = Vector128.Create(r01, r11, r21, 0f);
            var column2 = Vector128.Create(r02, r12, r22, 0f);
            var translation = Vector128.Create(tx, ty, tz, 0f);
            for (; i < source.Length - 3; i += 3)
            {
                var result = column0 * Unsafe.Add(ref from, i)
                    + column1 * Unsafe.Add(ref from, i + 1)
                    + column2 * Unsafe.Add(ref from, i + 2)
                    + translation;
                result.StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < source.Length; i += 3)
        {
            float x = Unsafe.Add(ref from, i), y = Unsafe.Add(ref from, i + 1), z = Unsafe.Add(ref from, i + 2);
            Unsafe.Add(ref to, i) = r00 * x + r01 * y + r02 * z + tx;
            Unsafe.Add(ref to, i + 1) = r10 * x + r11 * y + r12 * z + ty;
            Unsafe.Add(ref to, i + 2) = r20 * x + r21 * y + r22 * z + tz;
        }
    }

    private static int AxisKind(System.Numerics.Vector3 axis)
    {
        // Allegro axes are signed coordinate axes; rotating about one touches two matrix columns instead of three.
        for (var a = 0; a < 3; a++)
        {
            var value = a switch { 0 => axis.X, 1 => axis.Y, _ => axis.Z };
            var others = Math.Abs(axis.X) + Math.Abs(axis.Y) + Math.Abs(axis.Z) - Math.Abs(value);
            if (others == 0 && Math.Abs(value) == 1)
            {
                return value > 0 ? a : a + 3;
            }
        }

        return -1;
    }

    private static int SlotOf(Dictionary<string, int> slotByLink, string linkName, string owner) =>
        slotByLink.TryGetValue(linkName, out var slot)
            ? slot
            : throw new ArgumentException($"The {owner} hangs from link '{linkName}', which is neither the palm nor moved by a joint.");

    private static int[] TopologicalOrder(HandJoint[] joints, int[] parentSlot)
    {
        var order = new List<int>(joints.Length);
        var placed = new bool[joints.Length + 1];
        placed[0] = true;
        while (order.Count < joints.Length)
        {
            var progress = false;
            for (var j = 0; j < joints.Length; j++)
            {
                if (!placed[j + 1] && placed[parentSlot[j]])
                {
                    placed[j + 1] = true;
                    order.Add(j);
                    progress = true;
                }
            }

            if (!progress)
            {
                var stuck = joints.Where((_, j) => !placed[j + 1]).Select(joint => joint.Name);
                throw new ArgumentException($"Joints {string.Join(", ", stuck)} form a loop and never reach the palm.", nameof(joints));
            }
        }

        return [.. order];
    }

    [DoesNotReturn]
    private static void ThrowWrongLength(string parameter, int expected, int actual, string? alternative = null) =>
        throw new ArgumentException(
            $"Expected a length of {expected}{(alternative is null ? "" : " " + alternative)}, got {actual}.", parameter);

    [DoesNotReturn]
    private static void ThrowNotFinite(HandJoint joint, float angle) =>
        throw new ArgumentException(
            $"Joint '{joint.Name}' (index {joint.Index}) has angle {angle.ToString(CultureInfo.InvariantCulture)}; joint angles must be finite.",
            "jointAnglesRadians");

    [DoesNotReturn]
    private static void ThrowOutOfLimits(HandJoint joint, float angle) =>
        throw new ArgumentOutOfRangeException(
            "jointAnglesRadians",
            angle,
            string.Create(CultureInfo.InvariantCulture,
                $"Joint '{joint.Name}' (index {joint.Index}) has angle {angle} rad, outside its limits [{joint.LowerLimitRadians}, {joint.UpperLimitRadians}] rad."));
}
