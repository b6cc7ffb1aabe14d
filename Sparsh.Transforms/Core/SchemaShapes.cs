using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>
/// Builds estimator output shapes. ML.NET keeps <see cref="SchemaShape.Column"/>'s constructor (and
/// <c>SchemaShape.Create</c>) internal, although third-party estimators must return such columns from
/// <see cref="IEstimator{T}.GetOutputSchema"/>; the constructor is reached once by reflection here, in
/// one place, and the pinned package version is covered by tests.
/// </summary>
public static class SchemaShapes
{
    private static readonly ConstructorInfo ColumnConstructor = typeof(SchemaShape.Column)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .Single(c => c.GetParameters().Length == 5);

    /// <summary>The shape of a column of the given type (vectors of known or unknown size, scalars).</summary>
    public static SchemaShape.Column Column(string name, DataViewType type)
    {
        var (kind, itemType) = type switch
        {
            VectorDataViewType { IsKnownSize: true } v => (SchemaShape.Column.VectorKind.Vector, v.ItemType),
            VectorDataViewType v => (SchemaShape.Column.VectorKind.VariableVector, v.ItemType),
            _ => (SchemaShape.Column.VectorKind.Scalar, type),
        };
        return Column(name, kind, itemType);
    }

    /// <summary>A column shape of the given kind (shapes carry no vector sizes, only whether they are known).</summary>
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType)
        => (SchemaShape.Column)ColumnConstructor.Invoke([name, kind, itemType, itemType is KeyDataViewType, null]);

    /// <summary>The shape of a schema (ML.NET's own <c>SchemaShape.Create</c> is internal).</summary>
    public static SchemaShape FromSchema(DataViewSchema schema)
        => new(schema.Where(c => !c.IsHidden).Select(c => Column(c.Name, c.Type)));

    /// <summary>The input shape with <paramref name="added"/> appended; an added column hides an input column of the same name.</summary>
    public static SchemaShape Append(SchemaShape input, IEnumerable<OutputColumn> added)
    {
        var addedShapes = added.Select(c => Column(c.Name, c.Type)).ToList();
        var addedNames = new HashSet<string>(addedShapes.Select(c => c.Name));
        return new SchemaShape(input.Where(c => !addedNames.Contains(c.Name)).Concat(addedShapes));
    }

    /// <summary>Finds a column by name in a shape.</summary>
    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var candidate in shape)
            if (candidate.Name == name) { column = candidate; return true; }
        column = default;
        return false;
    }
}
