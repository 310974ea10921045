using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// What a notebook cell sees besides its own code, matching the C# kernel's
/// <c>using static Microsoft.DotNet.Interactive.Kernel</c>: <c>display(...)</c> and <c>HTML(...)</c>.
/// </summary>
public sealed class KernelGlobals
{
    private readonly Func<CellOutputs> currentCell;

    internal KernelGlobals(Func<CellOutputs> currentCell) => this.currentCell = currentCell;

    /// <summary>Shows a value below the running cell and returns a handle to redraw it in place.</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes)
    {
        var outputs = currentCell();
        var formats = mimeTypes.Length == 0 ? null : mimeTypes;
        var output = outputs.Display(MimeFormatter.Format(value, formats));
        return new DisplayedValue(outputs, output, formats);
    }

    /// <summary>Marks a string as HTML to show as is.</summary>
    public HtmlString HTML(string content) => new(content);
}

/// <summary>A shown value; <see cref="Update"/> replaces what it shows, as the kernel's DisplayedValue does.</summary>
public sealed class DisplayedValue
{
    private readonly CellOutputs outputs;
    private readonly JsonObject output;
    private readonly string[]? mimeTypes;

    internal DisplayedValue(CellOutputs outputs, JsonObject output, string[]? mimeTypes)
    {
        this.outputs = outputs;
        this.output = output;
        this.mimeTypes = mimeTypes;
    }

    /// <summary>Redraws the output with a new value (or the same, changed, object).</summary>
    public void Update(object? updatedValue) => outputs.Replace(output, MimeFormatter.Format(updatedValue, mimeTypes));
}
