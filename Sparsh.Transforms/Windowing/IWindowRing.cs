namespace Sparsh.Transforms.Windowing;

/// <summary>The last N frames of one column, kept in a ring so windows are built without per-row allocation.</summary>
internal interface IWindowRing
{
    /// <summary>Reads the current input row into ring slot <paramref name="slot"/>; <paramref name="row"/> and the recording are for error messages.</summary>
    void Push(int slot, long row, string recordingId);

    /// <summary>A getter producing the window whose oldest frame is in slot <c>oldestSlot()</c>.</summary>
    Delegate CreateGetter(Func<int> oldestSlot);
}
