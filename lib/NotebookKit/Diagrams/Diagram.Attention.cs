namespace NotebookKit.Diagrams;

public static partial class Diagram
{
    /// <summary>
    /// An encoder–decoder translating <paramref name="source"/> into <paramref name="target"/>
    /// through one context vector, trained with teacher forcing (chapter 08).
    /// </summary>
    public static DiagramView EncoderDecoder(IReadOnlyList<string>? source = null, IReadOnlyList<string>? target = null, int contextWidth = 32)
    {
        source ??= ["knowledge", "is", "power", "<eos>"];
        target ??= ["知识", "就是", "力量", "<eos>"];
        if (source.Count is < 1 or > 8 || target.Count is < 1 or > 8) throw new ArgumentException($"Expected 1 to 8 tokens on each side to draw, got {source.Count} and {target.Count}.");
        const double step = 105, row = 160;
        var contextX = 60 + source.Count * step + 40;
        var decoderLeft = contextX + 130;
        var svg = Canvas(decoderLeft + target.Count * step + 20, 320, "seq2seq");
        Shape? previous = null;
        for (var s = 0; s < source.Count; s++)
        {
            var x = 70 + s * step;
            var cell = svg.Box(new(x, row), 70, 44, "GRU", "#eef4fb", fontSize: 13);
            svg.Text(new(x, 272), source[s], 13);
            svg.Arrow(new Point(x, 258), cell.Bottom);
            if (previous is not null) svg.Arrow(previous, cell, SvgCanvas.Highlight, 1.8);
            previous = cell;
        }
        var context = svg.Box(new(contextX, row), 76, 60, $"context\nc ({contextWidth})", "#fff0dd", SvgCanvas.Highlight, 13);
        svg.Arrow(previous!, context, SvgCanvas.Highlight, 2.5);
        previous = context;
        var feed = 88.0;
        svg.Line(new(contextX, context.Top.Y), new(contextX, feed), SvgCanvas.Highlight, 1.2, dashed: true);
        svg.Line(new(contextX, feed), new(decoderLeft + (target.Count - 1) * step + 20, feed), SvgCanvas.Highlight, 1.2, dashed: true);
        for (var t = 0; t < target.Count; t++)
        {
            var x = decoderLeft + t * step;
            var cell = svg.Box(new(x, row), 70, 44, "GRU", "#f1f8ee", fontSize: 13);
            svg.Arrow(previous, cell, SvgCanvas.Highlight, 1.8);
            svg.Arrow(new Point(x + 20, feed), cell.Top.Offset(20, 0), SvgCanvas.Highlight, 1, dashed: true);
            svg.Arrow(cell.Top.Offset(-12, 0), new(x - 12, 50));
            svg.Text(new(x - 12, 38), target[t], 14, bold: true);
            svg.Text(new(x, 272), t == 0 ? "<bos>" : target[t - 1], 13, colour: SvgCanvas.Muted);
            svg.Arrow(new Point(x, 258), cell.Bottom, SvgCanvas.Muted);
            previous = cell;
        }
        svg.Text(new(70 + (source.Count - 1) * step / 2, 305), "encoder (编码器) reads the source", 13, bold: true);
        svg.Text(new(decoderLeft + (target.Count - 1) * step / 2, 305), "decoder (解码器) writes the target", 13, bold: true);
        svg.Text(new(contextX + 6, feed - 12), "c again at every step", 11, "start", SvgCanvas.Highlight);
        return new DiagramView("An encoder–decoder and its context vector", $"The encoder's last state is the context vector (上下文向量): {contextWidth} numbers for the whole sentence. The decoder starts from it and writes one token per step. Grey inputs: in training it reads the reference previous token (teacher forcing, 教师强制); when translating it reads its own previous output instead.", svg.ToSvg("An encoder–decoder and its context vector"));
    }

    /// <summary>
    /// Attention as a weighted average: a query scores every key, a softmax turns the scores into
    /// weights, and the context is the weighted sum of the values (chapter 09). Pass a trained
    /// model's weights to draw what it actually did.
    /// </summary>
    public static DiagramView AttentionAverage(IReadOnlyList<string>? keys = null, IReadOnlyList<double>? weights = null, string query = "writing 知识")
    {
        keys ??= ["knowledge", "is", "power", "<eos>"];
        weights ??= [0.82, 0.08, 0.06, 0.04];
        if (keys.Count != weights.Count || keys.Count is < 1 or > 12) throw new ArgumentException($"Expected one weight per key (1 to 12 keys), got {keys.Count} keys and {weights.Count} weights.");
        if (weights.Any(w => !(w >= 0)) || Math.Abs(weights.Sum() - 1) > 1e-3) throw new ArgumentException($"Expected attention weights that are ≥ 0 and sum to 1, got [{string.Join(", ", weights.Select(w => w.ToString("0.###")))}].", nameof(weights));
        const double step = 110;
        var rightX = 70 + keys.Count * step + 70;
        var svg = Canvas(rightX + 110, 330, "attention");
        var sumX = 70 + (keys.Count - 1) * step / 2;
        var sum = svg.Circle(new(sumX, 95), 28, "Σ", "#fff0dd", SvgCanvas.Highlight, 20);
        var strongest = weights.Select((w, i) => (w, i)).Max().i;
        for (var s = 0; s < keys.Count; s++)
        {
            var x = 70 + s * step;
            var state = svg.Box(new(x, 245), 80, 36, $"k{Subscript(s + 1)} = v{Subscript(s + 1)}", s == strongest ? "#fff0dd" : "#eef4fb", fontSize: 12);
            svg.Text(new(x, 285), keys[s], 13, bold: s == strongest);
            svg.Arrow(state.Top, sum.Edge(state.Top), SvgCanvas.Highlight, 0.6 + 7 * weights[s]);
            svg.Text(new(x + 26, 215), $"α = {weights[s]:0.00}", 12, "start", SvgCanvas.Highlight);
        }
        var context = svg.Box(new(rightX, 95), 110, 44, "context\nΣ αₛ vₛ", "#fff0dd", SvgCanvas.Highlight, 12);
        svg.Arrow(sum, context, SvgCanvas.Highlight, 2);
        var queryBox = svg.Box(new(rightX, 245), 140, 44, $"query q\n({query})", "#f1f8ee", fontSize: 12);
        svg.Text(new(rightX, 175), "scores eₛ = score(q, kₛ)", 12, colour: SvgCanvas.Green);
        svg.Text(new(rightX, 192), "α = softmax(e)", 12, colour: SvgCanvas.Green);
        svg.Path([queryBox.Left, new(70 + (keys.Count - 1) * step + 42, 245)], SvgCanvas.Green, 1.2, dashed: true);
        svg.Text(new(20, 315), "keys and values (键/值): the encoder states; query (查询): the decoder state; the line widths are the weights", 12, "start", SvgCanvas.Muted);
        return new DiagramView("Attention as a weighted average", $"The query is compared with every key, the softmax turns the scores into weights that sum to 1, and the context is the weighted average of the values: here most of the weight ({weights[strongest]:0.00}) goes to '{keys[strongest]}'. Because the decoder reads a different encoder state (the source) than its own, this is cross-attention (交叉注意力).", svg.ToSvg("Attention as a weighted average"));
    }
}
