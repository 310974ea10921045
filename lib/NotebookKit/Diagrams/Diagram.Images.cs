namespace NotebookKit.Diagrams;

public static partial class Diagram
{
    /// <summary>
    /// A vision Transformer (chapter 17): the image cut into a grid of patches, each patch one
    /// token; a class token in front; position embeddings added; the encoder blocks; the class
    /// token's final vector classified.
    /// </summary>
    public static DiagramView VisionTransformer(int grid = 4, int layers = 2)
    {
        if (grid is < 2 or > 6) throw new ArgumentOutOfRangeException(nameof(grid), grid, "Expected 2 to 6 patches per side to draw.");
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "Expected at least one block.");
        var n = grid * grid;
        const double cell = 30, imageLeft = 30, imageTop = 150;
        var tokenStep = Math.Min(44, 560.0 / (n + 1));
        var tokensLeft = imageLeft + grid * cell + 110;
        var svg = Canvas(tokensLeft + (n + 1) * tokenStep + 40, 470, "vit");
        // The image, with its patch grid numbered row by row.
        for (var r = 0; r < grid; r++)
            for (var c = 0; c < grid; c++)
            {
                svg.Rectangle(imageLeft + c * cell, imageTop + r * cell, cell, cell, (r + c) % 2 == 0 ? "#eef4fb" : "#dde8f5", "#ffffff", 2);
                svg.Text(new(imageLeft + (c + 0.5) * cell, imageTop + (r + 0.5) * cell), (r * grid + c).ToString(), 11);
            }
        svg.Text(new(imageLeft + grid * cell / 2, imageTop - 14), $"image: {grid} × {grid} patches", 13, bold: true);
        svg.Text(new(imageLeft + grid * cell / 2, imageTop + grid * cell + 20), "each patch P × P pixels", 12, colour: SvgCanvas.Muted);
        // The token row: [CLS] then the patches, each linearly embedded, plus its position.
        const double tokenY = 380;
        var firstToken = new Point(tokensLeft + tokenStep / 2, tokenY);
        svg.Arrow(new Point(imageLeft + grid * cell + 10, imageTop + grid * cell / 2), new Point(tokensLeft - 10, tokenY - 10), label: "flatten, linear", labelOffset: -8);
        var cls = svg.Box(firstToken, tokenStep - 6, 30, "CLS", "#fff0dd", SvgCanvas.Highlight, 11);
        for (var i = 0; i < n; i++)
            svg.Box(firstToken.Offset((i + 1) * tokenStep, 0), tokenStep - 6, 30, i.ToString(), "#eef4fb", fontSize: 11);
        var rowCentre = tokensLeft + (n + 1) * tokenStep / 2;
        svg.Text(new(rowCentre, tokenY + 36), $"1 + {n} tokens (B, {n + 1}, C), each + its learned position embedding", 12, colour: SvgCanvas.Muted);
        // The encoder and the head.
        var encoder = svg.Box(new(rowCentre, 250), (n + 1) * tokenStep, 60, $"encoder block × {layers} (no mask: every token attends to every token)", "#f3effa", fontSize: 13);
        svg.Arrow(new Point(rowCentre, tokenY - 16), encoder.Bottom);
        var clsOut = svg.Box(new(firstToken.X, 150), tokenStep + 30, 30, "CLS out", "#fff0dd", SvgCanvas.Highlight, 11);
        svg.Arrow(new Point(firstToken.X, encoder.Top.Y), clsOut.Bottom, SvgCanvas.Highlight);
        var head = svg.Box(new(firstToken.X + 150, 70), 230, 40, "LayerNorm → linear → K class scores", "#eef4fb", fontSize: 12);
        svg.Arrow(clsOut.Top, head.Left);
        svg.Text(new(rowCentre + 80, 160), "the patch tokens' outputs are not used by the head:", 12, colour: SvgCanvas.Muted);
        svg.Text(new(rowCentre + 80, 176), "the class token has read them through attention", 12, colour: SvgCanvas.Muted);
        var title = "A vision Transformer";
        return new DiagramView(title, "The image is cut into patches; each patch, flattened, becomes a token through one linear layer, and a learned class token is put in front. Position embeddings say where each patch was. The encoder blocks let every token attend to every other; the class token's final vector is what is classified.", svg.ToSvg(title));
    }
}
