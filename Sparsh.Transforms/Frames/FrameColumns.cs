namespace Sparsh.Transforms.Frames;

/// <summary>Column names specific to frame views.</summary>
public static class FrameColumns
{
    /// <summary>Physical skin identifier (text, empty when unknown); used to split data by skin.</summary>
    public const string SkinId = "SkinId";
}
