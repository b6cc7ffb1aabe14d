using System.Globalization;
using System.Numerics;
using System.Xml;
using System.Xml.Linq;

namespace Sparsh.Transforms.Hand;

/// <summary>
/// Builds a <see cref="HandModel"/> from a hand's URDF (XELA's <c>ahrcpcpn.urdf</c> or a hand's own variant): the
/// revolute joints <c>joint_0</c>..<c>joint_15</c> and the link of each sensor patch (<c>&lt;patch&gt;_palm_link</c>).
/// The URDF has no taxel links, so each patch gets the built-in layout of its sensor type.
/// </summary>
public static class UrdfHandLoader
{
    private const int XelaJointCount = 16;

    // A hand's URDF is a few hundred elements a few levels deep (XELA's is 32 kB, 5 levels). These bounds make a corrupt
    // or hostile file fail within milliseconds instead of being parsed for minutes.
    private const long MaxCharactersInDocument = 16L << 20;
    private const long MaxCharactersFromEntities = 1L << 20;
    private const int MaxElementDepth = 64;

    // A hand is centimetres across: an offset beyond 10 m or an angle beyond 10 rad (over a turn and a half) is a broken
    // file, and a value like 1e300 would turn every taxel position into infinity or NaN further down.
    private const double MaxOffsetMetres = 10;
    private const double MaxAngleRadians = 10;

    /// <summary>Loads the URDF at <paramref name="urdfPath"/> with the Allegro XELA patch names and flatten order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a URDF; is too large or too deeply nested; lacks a joint
    /// or patch link; names a joint or link twice; or has a value that is not a number or is out of bounds (offsets within
    /// 10 m, angles and joint limits within 10 rad, lower limit at most the upper one). The message names the file and
    /// the element.</exception>
    public static HandModel Load(string urdfPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(urdfPath);
        XDocument document;
        try
        {
            document = Parse(urdfPath);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"'{urdfPath}' is not a URDF file: it is not valid XML ({e.Message}).", e);
        }

        return Load(document, urdfPath);
    }

    private static XDocument Parse(string urdfPath)
    {
        // As XDocument.Load's own settings: internal entities expand, external ones are never fetched (no resolver);
        // with size bounds added.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersFromEntities = MaxCharactersFromEntities,
            MaxCharactersInDocument = MaxCharactersInDocument,
            IgnoreWhitespace = true,
        };

        // XmlReader has no depth bound, so a first pass checks depth before the tree is built.
        using (var reader = XmlReader.Create(urdfPath, settings))
        {
            while (reader.Read())
            {
                if (reader.Depth > MaxElementDepth)
                {
                    throw new InvalidDataException(
                        $"'{urdfPath}' is not a URDF file: <{reader.LocalName}> (line {((IXmlLineInfo)reader).LineNumber}) is nested " +
                        $"{reader.Depth} elements deep; expected at most {MaxElementDepth}.");
                }
            }
        }

        using var second = XmlReader.Create(urdfPath, settings);
        return XDocument.Load(second);
    }

    /// <summary>Builds the hand from an already parsed URDF document.</summary>
    /// <param name="urdf">The URDF document.</param>
    /// <param name="sourceName">Named in error messages (a path or a description).</param>
    public static HandModel Load(XDocument urdf, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(urdf);
        var robot = urdf.Root;
        if (robot is null || robot.Name.LocalName != "robot")
        {
            throw new InvalidDataException($"'{sourceName}' is not a URDF file: its root element is <{robot?.Name.LocalName}>, not <robot>.");
        }

        var reader = new Reader(robot, sourceName);
        var palm = AllegroXelaDefaults.PalmLinkName;
        reader.RequireLink(palm, "the palm");

        var joints = new HandJoint[XelaJointCount];
        var movingLinks = new HashSet<string>(StringComparer.Ordinal) { palm };
        var revolute = new XElement[XelaJointCount];
        for (var j = 0; j < joints.Length; j++)
        {
            revolute[j] = reader.RequireJoint(AllegroXelaDefaults.JointName(j));
            movingLinks.Add(reader.Child(revolute[j]));
        }

        for (var j = 0; j < joints.Length; j++)
        {
            var element = revolute[j];
            var name = AllegroXelaDefaults.JointName(j);
            var type = (string?)element.Attribute("type");
            if (type is not "revolute")
            {
                throw reader.Error($"joint '{name}' has type '{type}', expected 'revolute'");
            }

            var (parent, origin) = reader.ToMovingLink(reader.Parent(element), movingLinks, $"joint '{name}'");
            var limit = element.Element("limit") ?? throw reader.Error($"joint '{name}' has no <limit>");
            var lower = reader.Number(limit, "lower", $"joint '{name}'", MaxAngleRadians, "rad");
            var upper = reader.Number(limit, "upper", $"joint '{name}'", MaxAngleRadians, "rad");
            if (!(lower <= upper))
            {
                throw reader.Error(FormattableString.Invariant(
                    $"joint '{name}': <limit> lower=\"{lower}\" is above upper=\"{upper}\"; expected lower <= upper"));
            }

            joints[j] = new HandJoint(j, name, parent, reader.Child(element),
                origin.Compose(reader.Origin(element, $"joint '{name}'")),
                reader.Axis(element, $"joint '{name}'"),
                lower,
                upper);
        }

        var patches = new List<SensorPatchSpec>();
        foreach (var (patchName, type) in AllegroXelaDefaults.PatchSpecs)
        {
            var linkName = patchName + AllegroXelaDefaults.PatchLinkSuffix;
            reader.RequireLink(linkName, $"sensor patch '{patchName}'");
            var (parent, mount) = reader.ToMovingLink(linkName, movingLinks, $"sensor patch '{patchName}'");
            patches.Add(new SensorPatchSpec(patchName, type, linkName, parent, mount));
        }

        try
        {
            return new HandModel(palm, joints, patches);
        }
        catch (ArgumentException e)
        {
            throw reader.Error(e.Message, e);
        }
    }

    /// <summary>Reads links and joints of one URDF document and words errors with the document's name.</summary>
    private sealed class Reader
    {
        private readonly string _source;
        private readonly HashSet<string> _links = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _jointsByName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _jointByChild = new(StringComparer.Ordinal);

        public Reader(XElement robot, string source)
        {
            _source = source;
            // A repeated name would silently pick one of the two elements; URDF requires names to be unique.
            foreach (var link in robot.Elements("link"))
            {
                var name = (string?)link.Attribute("name") ?? throw Error("a <link> has no name");
                if (!_links.Add(name))
                {
                    throw Error($"link '{name}' is defined twice; expected each <link> name once");
                }
            }

            foreach (var joint in robot.Elements("joint"))
            {
                var name = (string?)joint.Attribute("name") ?? throw Error("a <joint> has no name");
                if (!_jointsByName.TryAdd(name, joint))
                {
                    throw Error($"joint '{name}' is defined twice; expected each <joint> name once");
                }

                var child = Child(joint);
                if (!_jointByChild.TryAdd(child, joint))
                {
                    throw Error($"link '{child}' is the child of both joint '{(string?)_jointByChild[child].Attribute("name")}' and joint '{name}'; " +
                        "expected one parent joint per link (a tree)");
                }
            }
        }

        public InvalidDataException Error(string what, Exception? inner = null) =>
            new($"URDF '{_source}': {what}.", inner);

        public void RequireLink(string name, string role)
        {
            if (!_links.Contains(name))
            {
                throw Error($"no link '{name}' ({role})");
            }
        }

        public XElement RequireJoint(string name) =>
            _jointsByName.TryGetValue(name, out var joint) ? joint : throw Error($"no joint '{name}'");

        public string Parent(XElement joint) => LinkReference(joint, "parent");

        public string Child(XElement joint) => LinkReference(joint, "child");

        /// <summary>
        /// Walks from <paramref name="link"/> up through fixed joints to the palm or a joint's child link, returning
        /// that link and the pose of <paramref name="link"/> in its frame.
        /// </summary>
        public (string MovingLink, RigidTransform Pose) ToMovingLink(string link, HashSet<string> movingLinks, string owner)
        {
            var pose = RigidTransform.Identity;
            var current = link;
            for (var depth = 0; !movingLinks.Contains(current); depth++)
            {
                if (depth > _jointByChild.Count || !_jointByChild.TryGetValue(current, out var joint))
                {
                    throw Error($"{owner}: link '{current}' is not connected to '{AllegroXelaDefaults.PalmLinkName}'");
                }

                var type = (string?)joint.Attribute("type");
                if (type != "fixed")
                {
                    throw Error($"{owner}: joint '{(string?)joint.Attribute("name")}' above link '{current}' has type '{type}'; only joint_0..joint_15 may move");
                }

                pose = Origin(joint, $"joint '{(string?)joint.Attribute("name")}'").Compose(pose);
                current = Parent(joint);
            }

            return (current, pose);
        }

        public RigidTransform Origin(XElement joint, string owner)
        {
            var origin = joint.Element("origin");
            var (x, y, z) = Triple(origin, "xyz", owner, (0, 0, 0), MaxOffsetMetres, "m");
            var (roll, pitch, yaw) = Triple(origin, "rpy", owner, (0, 0, 0), MaxAngleRadians, "rad");
            return RigidTransform.FromUrdfOrigin(x, y, z, roll, pitch, yaw);
        }

        public Vector3 Axis(XElement joint, string owner)
        {
            // URDF's default axis is x. The axis is normalised, so only its direction is bounded: a vector whose float
            // length is zero or infinite has none.
            var element = joint.Element("axis");
            var (x, y, z) = Triple(element, "xyz", owner, (1, 0, 0), double.MaxValue, "");
            var axis = new Vector3((float)x, (float)y, (float)z);
            var length = axis.Length();
            if (!(length > 1e-6f) || !float.IsFinite(length))
            {
                throw Error($"{owner}: <axis> xyz=\"{(string?)element?.Attribute("xyz")}\" has no direction; expected a non-zero finite vector");
            }

            return axis;
        }

        public double Number(XElement element, string attribute, string owner, double maxMagnitude, string unit)
        {
            var text = (string?)element.Attribute(attribute) ?? throw Error($"{owner}: <{element.Name.LocalName}> has no '{attribute}'");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw Error($"{owner}: <{element.Name.LocalName}> {attribute}=\"{text}\" is not a number");
            }

            return Math.Abs(value) <= maxMagnitude
                ? value
                : throw Error(FormattableString.Invariant(
                    $"{owner}: <{element.Name.LocalName}> {attribute}=\"{text}\" is out of bounds; expected a value within ±{maxMagnitude} {unit}"));
        }

        private (double, double, double) Triple(XElement? element, string attribute, string owner, (double, double, double) fallback, double maxMagnitude, string unit)
        {
            var text = (string?)element?.Attribute(attribute);
            if (text is null)
            {
                return fallback;
            }

            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var values = new double[3];
            if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok))
            {
                throw Error($"{owner}: {attribute}=\"{text}\" is not three numbers");
            }

            if (values.Any(v => Math.Abs(v) > maxMagnitude))
            {
                throw Error(FormattableString.Invariant(
                    $"{owner}: <{element!.Name.LocalName}> {attribute}=\"{text}\" is out of bounds; expected values within ±{maxMagnitude} {unit}"));
            }

            return (values[0], values[1], values[2]);
        }

        private string LinkReference(XElement joint, string role) =>
            (string?)joint.Element(role)?.Attribute("link")
            ?? throw Error($"joint '{(string?)joint.Attribute("name")}' has no <{role} link>");
    }
}
