using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

/// <summary>
/// URDFs that are corrupt or hostile: absurd or non-finite values, repeated names, deep nesting, entity tricks. Each
/// must be refused quickly with an <see cref="InvalidDataException"/> naming the file, the element and what was expected.
/// </summary>
[TestClass]
public sealed class UrdfHostileInputTests
{
    private readonly List<string> _temporaryFiles = [];

    [TestCleanup]
    public void DeleteTemporaryFiles()
    {
        foreach (var path in _temporaryFiles)
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void JointOriginFarAwayThrowsNamingTheJointAndTheBound()
    {
        var path = WriteModifiedUrdf(robot => Joint(robot, "joint_2").Element("origin")!.SetAttributeValue("xyz", "1e300 0 0"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_2'");
        StringAssert.Contains(error.Message, "xyz=\"1e300 0 0\"");
        StringAssert.Contains(error.Message, "within ±10 m");
    }

    [TestMethod]
    public void PatchMountOriginFarAwayThrowsNamingTheFixedJoint()
    {
        var path = WriteModifiedUrdf(robot => Joint(robot, "0aftc_fixed").Element("origin")!.SetAttributeValue("xyz", "0 0 -11"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'0aftc_fixed'");
        StringAssert.Contains(error.Message, "within ±10 m");
    }

    [TestMethod]
    public void HugeRotationThrowsNamingTheJoint()
    {
        var path = WriteModifiedUrdf(robot => Joint(robot, "joint_5").Element("origin")!.SetAttributeValue("rpy", "0 1e300 0"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, "'joint_5'");
        StringAssert.Contains(error.Message, "rpy=");
        StringAssert.Contains(error.Message, "within ±10 rad");
    }

    [TestMethod]
    [DataRow("xyz", "0 NaN 0")]
    [DataRow("xyz", "0 0 Infinity")]
    [DataRow("rpy", "-Infinity 0 0")]
    public void NonFiniteOriginThrowsNamingTheJoint(string attribute, string value)
    {
        var path = WriteModifiedUrdf(robot => Joint(robot, "joint_9").Element("origin")!.SetAttributeValue(attribute, value));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_9'");
        StringAssert.Contains(error.Message, "not three numbers");
    }

    [TestMethod]
    [DataRow("lower", "NaN", "not a number")]
    [DataRow("upper", "Infinity", "not a number")]
    [DataRow("upper", "1e300", "within ±10 rad")]
    public void AbsurdJointLimitThrowsNamingTheJoint(string attribute, string value, string expected)
    {
        var path = WriteModifiedUrdf(robot => Joint(robot, "joint_14").Element("limit")!.SetAttributeValue(attribute, value));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_14'");
        StringAssert.Contains(error.Message, $"{attribute}=\"{value}\"");
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void LowerLimitAboveUpperThrowsNamingTheJoint()
    {
        var path = WriteModifiedUrdf(robot =>
        {
            var limit = Joint(robot, "joint_7").Element("limit")!;
            limit.SetAttributeValue("lower", "1.5");
            limit.SetAttributeValue("upper", "0.5");
        });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_7'");
        StringAssert.Contains(error.Message, "expected lower <= upper");
    }

    [TestMethod]
    [DataRow("0 0 0")]
    [DataRow("1e300 0 0")]
    public void AxisWithoutDirectionThrowsNamingTheJoint(string axis)
    {
        var path = WriteModifiedUrdf(robot => Joint(robot, "joint_1").Element("axis")!.SetAttributeValue("xyz", axis));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_1'");
        StringAssert.Contains(error.Message, "non-zero finite vector");
    }

    [TestMethod]
    public void DuplicatedJointNameThrowsNamingTheJoint()
    {
        var path = WriteModifiedUrdf(robot =>
        {
            var copy = new XElement(Joint(robot, "joint_3"));
            copy.Element("child")!.SetAttributeValue("link", "link_3_copy");
            robot.Add(new XElement("link", new XAttribute("name", "link_3_copy")), copy);
        });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "joint 'joint_3' is defined twice");
    }

    [TestMethod]
    public void DuplicatedLinkNameThrowsNamingTheLink()
    {
        var path = WriteModifiedUrdf(robot => robot.Add(new XElement("link", new XAttribute("name", "link_3"))));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "link 'link_3' is defined twice");
    }

    [TestMethod]
    public void LinkWithTwoParentJointsThrowsNamingBoth()
    {
        var path = WriteModifiedUrdf(robot =>
        {
            var copy = new XElement(Joint(robot, "joint_3"));
            copy.SetAttributeValue("name", "joint_3_again");
            robot.Add(copy);
        });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_3'");
        StringAssert.Contains(error.Message, "'joint_3_again'");
        StringAssert.Contains(error.Message, "one parent joint per link");
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public void DeeplyNestedDocumentFailsFast()
    {
        const int depth = 50_000;
        var text = new StringBuilder("<robot name=\"deep\"><link name=\"palm_link\">");
        for (var i = 0; i < depth; i++) text.Append("<visual>");
        for (var i = 0; i < depth; i++) text.Append("</visual>");
        text.Append("</link></robot>");
        var path = WriteText(text.ToString());

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        Assert.IsLessThan(5.0, watch.Elapsed.TotalSeconds);
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "nested");
        StringAssert.Contains(error.Message, "expected at most 64");
    }

    [TestMethod]
    public void BillionLaughsIsRefused()
    {
        var text = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE robot [<!ENTITY l0 \"lollollollollollollollollollol\">");
        for (var i = 1; i <= 9; i++) text.Append($"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        text.Append("]><robot name=\"&l9;\"/>");
        var path = WriteText(text.ToString());

        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "not valid XML");
    }

    [TestMethod]
    public void ExternalEntityIsNeverRead()
    {
        var secret = WriteText("secret-content-of-another-file", ".txt");
        var text = $"<?xml version=\"1.0\"?><!DOCTYPE robot [<!ENTITY secret SYSTEM \"{new Uri(secret).AbsoluteUri}\">]>" +
            "<robot name=\"x\"><link name=\"palm\">&secret;</link></robot>";
        var path = WriteText(text);

        var error = Assert.Throws<Exception>(() => HandModel.FromUrdf(path));
        Assert.IsInstanceOfType<InvalidDataException>(error);
        Assert.DoesNotContain("secret-content", error.ToString());
    }

    private static XElement Joint(XElement robot, string name) =>
        robot.Elements("joint").Single(j => (string?)j.Attribute("name") == name);

    // Starts from the built-in hand's generated URDF rather than XELA's, which CI does not have; GeneratedHandUrdfTests
    // shows the unmodified file loads, so each refusal here is caused by the modification alone.
    private string WriteModifiedUrdf(Action<XElement> modify)
    {
        var document = GeneratedHandUrdf.From(HandModel.AllegroXela);
        modify(document.Root!);
        var path = TemporaryFile(".urdf");
        document.Save(path);
        return path;
    }

    private string WriteText(string text, string extension = ".urdf")
    {
        var path = TemporaryFile(extension);
        File.WriteAllText(path, text);
        return path;
    }

    private string TemporaryFile(string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-hostile-{Guid.NewGuid():N}{extension}");
        _temporaryFiles.Add(path);
        return path;
    }
}
