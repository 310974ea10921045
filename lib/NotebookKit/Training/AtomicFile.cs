namespace NotebookKit.Training;

/// <summary>
/// Writes a file so that it is either the old file or the complete new one, never a half-written
/// mix: the content goes to a temporary file in the same folder, is flushed to disk, and only
/// then renamed over the target (a rename within one file system is atomic). If writing fails
/// or the process dies, the target is untouched; a failed write removes its temporary file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"Expected a file path, got '{path}'.", nameof(path));
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { /* the original error matters more */ }
            throw;
        }
    }
}
