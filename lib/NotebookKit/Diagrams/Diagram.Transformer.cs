namespace NotebookKit.Diagrams;

public static partial class Diagram
{
    /// <summary>A residual connection around a sublayer, with layer normalisation after (post-norm) or before (pre-norm) it (chapter 10).</summary>
    public static DiagramView ResidualBlock(NormPlacement placement = NormPlacement.PostNorm, string sublayer = "sublayer F\n(attention or feed-forward)")
    {
        var svg = Canvas(560, 420, "residual");
        const double x = 200;
        svg.Text(new(x, 400), "x", 16, bold: true);
        var input = new Point(x, 385);
        Shape? norm = null;
        Shape sub;
        Shape add;
        if (placement == NormPlacement.PreNorm)
        {
            norm = svg.Box(new(x, 300), 150, 38, "LayerNorm", "#f3effa", fontSize: 13);
            sub = svg.Box(new(x, 205), 190, 56, sublayer, "#eef4fb", fontSize: 13);
            add = svg.Circle(new(x, 110), 16, "+", "#fff0dd", SvgCanvas.Highlight, 18);
            svg.Arrow(input, norm.Bottom);
            svg.Arrow(norm, sub);
            svg.Arrow(sub, add);
            svg.Arrow(add.Top, new Point(x, 30));
            svg.Text(new(x, 18), "x + F(LayerNorm(x))", 14, bold: true);
        }
        else
        {
            sub = svg.Box(new(x, 270), 190, 56, sublayer, "#eef4fb", fontSize: 13);
            add = svg.Circle(new(x, 170), 16, "+", "#fff0dd", SvgCanvas.Highlight, 18);
            norm = svg.Box(new(x, 95), 150, 38, "LayerNorm", "#f3effa", fontSize: 13);
            svg.Arrow(input, sub.Bottom);
            svg.Arrow(sub, add);
            svg.Arrow(add, norm);
            svg.Arrow(norm.Top, new Point(x, 30));
            svg.Text(new(x, 18), "LayerNorm(x + F(x))", 14, bold: true);
        }
        svg.Path([new(x, 360), new(x + 150, 360), new(x + 150, add.Centre.Y), add.Right], SvgCanvas.Highlight, 2.2);
        svg.Text(new(x + 160, 250), "skip: x itself", 13, "start", SvgCanvas.Highlight);
        svg.Text(new(x + 160, 268), "(the gradient passes", 12, "start", SvgCanvas.Highlight);
        svg.Text(new(x + 160, 284), "straight through)", 12, "start", SvgCanvas.Highlight);
        var title = placement == NormPlacement.PreNorm ? "A pre-norm residual block" : "A post-norm residual block (\"Add & Norm\")";
        var caption = placement == NormPlacement.PreNorm
            ? "The sublayer sees a normalised copy of x and adds its result to x; the orange path carries x, and its gradient, unchanged through every block. Used by GPT-2 and most models since; a stack of them ends with one more LayerNorm."
            : "The sublayer's output is added to its own input (the orange skip path), then the sum is normalised: the layout of the original Transformer. With F = 0 the block is the identity up to the normalisation, so a deep stack starts close to the identity.";
        return new DiagramView(title, caption, svg.ToSvg(title));
    }

    /// <summary>One Transformer block, encoder or decoder, post-norm as in the original paper (chapters 13 and 14).</summary>
    public static DiagramView TransformerBlock(bool decoder = false)
    {
        var svg = Canvas(640, decoder ? 560 : 430, "block");
        const double x = 260, width = 230;
        var y = decoder ? 515.0 : 385.0;
        svg.Text(new(x, y + 25), decoder ? "target so far (B, T, C)" : "input (B, T, C)", 13, bold: true);
        var below = new Point(x, y + 10);
        void Sublayer(string name, string fill, string? side = null)
        {
            var box = svg.Box(new(x, y - 50), width, 40, name, fill, fontSize: 13);
            var addNorm = svg.Box(new(x, y - 105), width, 30, "Add & Norm", "#f3effa", fontSize: 12);
            svg.Arrow(below, box.Bottom);
            svg.Arrow(box, addNorm);
            svg.Path([below.Offset(0, -4), new(x - width / 2 - 25, below.Y - 4), new(x - width / 2 - 25, addNorm.Centre.Y), addNorm.Left], SvgCanvas.Highlight, 1.8);
            if (side is not null)
            {
                svg.Text(new(x + width / 2 + 90, y - 50), side, 12, colour: SvgCanvas.Forward);
                svg.Arrow(new Point(x + width / 2 + 40, y - 50), box.Right, SvgCanvas.Forward);
            }
            below = addNorm.Top;
            y -= 130;
        }
        if (decoder) Sublayer("masked multi-head self-attention\n(each position sees only the past)", "#fdeeee");
        else Sublayer("multi-head self-attention", "#eef4fb");
        if (decoder) Sublayer("multi-head cross-attention\nqueries: target; keys, values: source", "#fff0dd", "encoder output\n(B, S, C)");
        Sublayer("feed-forward  C → 4C → C\n(each position on its own)", "#eef7ee");
        svg.Arrow(below, below.Offset(0, -35));
        svg.Text(below.Offset(0, -48), "output (B, T, C): same shape, ×N blocks", 13, bold: true);
        svg.Text(new(30, decoder ? 545 : 415), "orange: residual connections (chapter 10)", 12, "start", SvgCanvas.Highlight);
        var title = decoder ? "A Transformer decoder block" : "A Transformer encoder block";
        var caption = decoder
            ? "Three sublayers, each wrapped in a residual connection and layer normalisation: masked self-attention over the target so far, cross-attention that reads the encoder's output (as in chapter 09), and a feed-forward network applied to each position separately."
            : "Two sublayers, each wrapped in a residual connection and layer normalisation: self-attention lets every position read every other; the feed-forward network then transforms each position on its own. The block keeps the shape (B, T, C), so N of them stack.";
        return new DiagramView(title, caption, svg.ToSvg(title));
    }

    /// <summary>
    /// Which positions each position may attend to under a causal mask (rows: queries, columns:
    /// keys), optionally with padding at the end (chapters 11, 14 and 15).
    /// </summary>
    public static DiagramView CausalMask(IReadOnlyList<string>? tokens = null, int padding = 0)
    {
        tokens ??= ["床", "前", "明", "月", "光"];
        if (tokens.Count is < 1 or > 16) throw new ArgumentException($"Expected 1 to 16 tokens to draw, got {tokens.Count}.", nameof(tokens));
        if (padding < 0 || padding >= tokens.Count) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"Expected between 0 and {tokens.Count - 1} padded positions at the end.");
        const double cell = 40, left = 130, top = 70;
        var n = tokens.Count;
        var svg = Canvas(Math.Max(640, left + n * cell + 230), top + n * cell + 60, "causal");
        for (var q = 0; q < n; q++)
        {
            svg.Text(new(left - 12, top + (q + 0.5) * cell), tokens[q], 14, "end");
            svg.Text(new(left + (q + 0.5) * cell, top - 14), tokens[q], 14);
            for (var k = 0; k < n; k++)
            {
                var padded = k >= n - padding;
                var allowed = k <= q && !padded;
                svg.Rectangle(left + k * cell, top + q * cell, cell, cell, allowed ? "#1f77b4" : padded ? "#dddddd" : "#f7f7f7", "#ffffff", 2);
                svg.Text(new(left + (k + 0.5) * cell, top + (q + 0.5) * cell), allowed ? "✓" : "−∞", 12, colour: allowed ? "#ffffff" : "#999999");
            }
        }
        svg.Text(new(left + n * cell / 2, top - 42), "keys: the positions read", 13, bold: true);
        svg.Text(new(8, top + n * cell / 2), "queries", 13, "start", bold: true);
        var legendX = left + n * cell + 25;
        svg.Rectangle(legendX, top, 18, 18, "#1f77b4");
        svg.Text(new(legendX + 26, top + 9), "may attend (score kept)", 12, "start");
        svg.Rectangle(legendX, top + 30, 18, 18, "#f7f7f7", "#cccccc");
        svg.Text(new(legendX + 26, top + 39), "the future: score −∞", 12, "start");
        if (padding > 0)
        {
            svg.Rectangle(legendX, top + 60, 18, 18, "#dddddd");
            svg.Text(new(legendX + 26, top + 69), "padding: score −∞", 12, "start");
        }
        svg.Text(new(8, top + n * cell + 30), "row t may read columns 1 … t: after the softmax the −∞ entries get weight exactly 0", 12, "start", SvgCanvas.Muted);
        var title = "The causal mask";
        return new DiagramView(title, "Each row is one position asking (a query); each column a position it might read (a key). Below and on the diagonal the scores are kept; above it they are set to −∞ before the softmax, so no position can see a later one. That is what lets a model be trained on every position of a sentence at once and still predict each next token only from the past.", svg.ToSvg(title));
    }

    /// <summary>
    /// A masked language model's attention (BERT): every position may read every other, in both
    /// directions; the <paramref name="masked"/> positions are hidden in the <i>input</i> (replaced
    /// by [MASK]) instead of in the attention, and are what the model must predict.
    /// </summary>
    public static DiagramView BidirectionalMask(IReadOnlyList<string>? tokens = null, IReadOnlyList<int>? masked = null)
    {
        tokens ??= ["床", "前", "明", "月", "光"];
        masked ??= [2];
        if (tokens.Count is < 1 or > 16) throw new ArgumentException($"Expected 1 to 16 tokens to draw, got {tokens.Count}.", nameof(tokens));
        foreach (var m in masked)
            if (m < 0 || m >= tokens.Count) throw new ArgumentOutOfRangeException(nameof(masked), m, $"Expected masked positions between 0 and {tokens.Count - 1}.");
        const double cell = 40, left = 130, top = 70;
        var n = tokens.Count;
        var svg = Canvas(Math.Max(640, left + n * cell + 260), top + n * cell + 60, "bidirectional");
        string Label(int i) => masked.Contains(i) ? "[M]" : tokens[i];
        for (var q = 0; q < n; q++)
        {
            svg.Text(new(left - 12, top + (q + 0.5) * cell), Label(q), 14, "end", colour: masked.Contains(q) ? "#d62728" : SvgCanvas.Ink);
            svg.Text(new(left + (q + 0.5) * cell, top - 14), Label(q), 14, colour: masked.Contains(q) ? "#d62728" : SvgCanvas.Ink);
            for (var k = 0; k < n; k++)
            {
                svg.Rectangle(left + k * cell, top + q * cell, cell, cell, masked.Contains(k) ? "#ff9896" : "#1f77b4", "#ffffff", 2);
                svg.Text(new(left + (k + 0.5) * cell, top + (q + 0.5) * cell), "✓", 12, colour: "#ffffff");
            }
        }
        svg.Text(new(left + n * cell / 2, top - 42), "keys: the positions read", 13, bold: true);
        svg.Text(new(8, top + n * cell / 2), "queries", 13, "start", bold: true);
        var legendX = left + n * cell + 25;
        svg.Rectangle(legendX, top, 18, 18, "#1f77b4");
        svg.Text(new(legendX + 26, top + 9), "may attend, before or after", 12, "start");
        svg.Rectangle(legendX, top + 30, 18, 18, "#ff9896");
        svg.Text(new(legendX + 26, top + 39), "[M]: the input is hidden,", 12, "start");
        svg.Text(new(legendX + 26, top + 55), "its character is the target", 12, "start");
        svg.Text(new(8, top + n * cell + 30), "no −∞ anywhere: what is hidden is the masked characters themselves, not the future", 12, "start", SvgCanvas.Muted);
        var title = "A masked language model sees both sides";
        return new DiagramView(title, "Every query may read every key: the model sees the whole line at once. To leave something to predict, some input characters are replaced by [MASK]; the model predicts each of them from the characters on both sides. Compare the causal mask, where position t reads only positions up to t.", svg.ToSvg(title));
    }
}
