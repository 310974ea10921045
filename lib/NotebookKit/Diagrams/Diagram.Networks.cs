namespace NotebookKit.Diagrams;

/// <summary>
/// The kit's diagrams, drawn as SVG from code (this folder is their source: correct a picture
/// here and every chapter that shows it changes). Each method returns a <see cref="DiagramView"/>.
/// </summary>
public static partial class Diagram
{
    private static long counter;

    private static SvgCanvas Canvas(double width, double height, string name)
        => new(width, height, $"nk-{name}-{Interlocked.Increment(ref counter)}");

    private static string Subscript(int n) => string.Concat(n.ToString().Select(c => "₀₁₂₃₄₅₆₇₈₉"[c - '0']));

    /// <summary>How the kit's parts fit together (chapter 00).</summary>
    public static DiagramView KitMap()
    {
        var svg = Canvas(880, 250, "kit");
        var library = svg.Box(new(150, 125), 230, 170, "the library  lib/NotebookKit\n\nScratch/   from scratch\nModules/   TorchSharp\nData/  Training/  Text/\nPlots/  Diagrams/", "#eef4fb", fontSize: 13);
        var notebooks = svg.Box(new(430, 125), 170, 110, "the notebooks\nnotebooks/00 … 17\nprose, code, checks", "#f1f8ee", fontSize: 13);
        var editor = svg.Box(new(720, 60), 220, 70, "your editor\nrun cell by cell", "#fff6ea", fontSize: 13);
        var engine = svg.Box(new(720, 190), 250, 80, "the engine  lib/NotebookKit.Runner\nCI · the HTML book · grading", "#fff6ea", fontSize: 13);
        svg.Arrow(library, notebooks, label: "#r", labelOffset: -12);
        svg.Arrow(notebooks, editor);
        svg.Arrow(notebooks, engine);
        return new DiagramView("How the kit is organised", "Every chapter is a thin notebook that calls the library; the same notebooks run in an editor, where you learn, and in the engine, which proves in CI that they run and builds the book.", svg.ToSvg("How the kit is organised"));
    }

    /// <summary>One neuron: inputs, weights, a weighted sum with a bias, an activation (chapter 01).</summary>
    public static DiagramView Neuron(string activation = "step")
    {
        var svg = Canvas(700, 270, "neuron");
        var x1 = svg.Circle(new(60, 80), 22, "x₁");
        var x2 = svg.Circle(new(60, 170), 22, "x₂");
        var sum = svg.Circle(new(290, 125), 32, "Σ", "#eef4fb", fontSize: 20);
        var act = svg.Box(new(450, 125), 100, 50, activation, "#fff6ea");
        var output = svg.Circle(new(610, 125), 24, "ŷ");
        svg.Arrow(x1, sum, label: "× w₁", labelOffset: -12);
        svg.Arrow(x2, sum, label: "× w₂", labelOffset: 14);
        svg.Text(new(290, 28), "bias b", 13);
        svg.Arrow(new Point(290, 40), sum.Top);
        svg.Arrow(sum, act, label: "s", labelOffset: -12);
        svg.Arrow(act, output);
        svg.Text(new(290, 180), "s = w₁x₁ + w₂x₂ + b", 13);
        svg.Text(new(450, 170), $"ŷ = {activation}(s)", 13);
        foreach (var (x, text) in new[] { (60.0, "inputs 输入"), (175.0, "weights 权重"), (290.0, "sum + bias 偏置"), (450.0, "activation 激活函数"), (610.0, "output 输出") })
            svg.Text(new(x, 240), text, 12, colour: SvgCanvas.Muted);
        return new DiagramView("One neuron", "Each input is multiplied by its weight, the products are summed and the bias is added; the activation function turns that score into the output. The weights and the bias are what learning changes.", svg.ToSvg("One neuron"));
    }

    /// <summary>A fully connected network with the given layer sizes (chapter 02); big layers are drawn with a gap.</summary>
    public static DiagramView Mlp(IReadOnlyList<int> sizes, string activation = "tanh")
    {
        if (sizes is null || sizes.Count < 2 || sizes.Any(s => s < 1)) throw new ArgumentException($"Expected at least two positive layer sizes, got [{string.Join(", ", sizes ?? [])}].", nameof(sizes));
        const int shown = 7;
        var spacing = 190.0;
        var svg = Canvas(100 + spacing * (sizes.Count - 1) + 60, 360, "mlp");
        var columns = new List<List<Shape>>();
        for (var layer = 0; layer < sizes.Count; layer++)
        {
            var x = 80 + layer * spacing;
            var drawn = Math.Min(sizes[layer], shown);
            var units = new List<Shape>();
            for (var u = 0; u < drawn; u++)
            {
                var y = 160 + (u - (drawn - 1) / 2.0) * 36;
                if (sizes[layer] > shown && u == drawn - 2) { svg.Text(new(x, y), "⋮", 18); continue; }
                var fill = layer == 0 ? "#ffffff" : layer == sizes.Count - 1 ? "#fff6ea" : "#eef4fb";
                units.Add(svg.Circle(new(x, y), 13, "", fill));
            }
            columns.Add(units);
            var name = layer == 0 ? "input" : layer == sizes.Count - 1 ? "output" : $"hidden {layer}";
            svg.Text(new(x, 310), name, 13, bold: true);
            svg.Text(new(x, 330), layer == 0 ? $"{sizes[layer]} features" : layer == sizes.Count - 1 ? $"{sizes[layer]} scores" : $"{sizes[layer]} units, {activation}", 12, colour: SvgCanvas.Muted);
        }
        for (var layer = 1; layer < sizes.Count; layer++)
        {
            foreach (var from in columns[layer - 1])
                foreach (var to in columns[layer])
                    svg.Line(from.Edge(to.Centre), to.Edge(from.Centre), "#9aa7b5", 0.8);
            svg.Text(new(80 + (layer - 0.5) * spacing, 28), $"W{Subscript(layer)}: ({sizes[layer]}, {sizes[layer - 1]}),  b{Subscript(layer)}: ({sizes[layer]})", 12, colour: SvgCanvas.Forward);
        }
        var parameters = Enumerable.Range(1, sizes.Count - 1).Sum(l => (long)sizes[l] * sizes[l - 1] + sizes[l]);
        var title = $"A {string.Join("-", sizes)} multi-layer perceptron";
        return new DiagramView(title, $"Every unit of a layer is connected to every unit of the layer before (a fully connected or dense layer, 全连接层): layer l holds a weight matrix of shape (units out, units in) and one bias per unit, {parameters} parameters in all. Hidden units apply {activation}; the output layer gives one score per class.", svg.ToSvg(title));
    }

    /// <summary>The forward and backward pass of a one-hidden-layer classifier as a chain (chapter 03).</summary>
    public static DiagramView ComputationGraph()
    {
        var svg = Canvas(1060, 330, "graph");
        string[] values = ["X", "Z₁", "H", "Z₂", "L"];
        string[] operations = ["dense\nW₁, b₁", "tanh", "dense\nW₂, b₂", "softmax +\ncross-entropy"];
        var valueShapes = new List<Shape>();
        var operationShapes = new List<Shape>();
        for (var i = 0; i < values.Length; i++)
        {
            valueShapes.Add(svg.Circle(new(60 + i * 235, 120), 24, values[i], i == values.Length - 1 ? "#fff6ea" : "#ffffff", fontSize: 15));
            if (i < operations.Length) operationShapes.Add(svg.Box(new(177 + i * 235, 120), 120, 56, operations[i], "#eef4fb", fontSize: 13));
        }
        for (var i = 0; i < operations.Length; i++)
        {
            svg.Arrow(valueShapes[i], operationShapes[i], SvgCanvas.Forward);
            svg.Arrow(operationShapes[i], valueShapes[i + 1], SvgCanvas.Forward);
        }
        svg.Text(new(177 + 3 * 235, 52), "labels y", 12);
        svg.Arrow(new Point(177 + 3 * 235, 62), operationShapes[3].Top, SvgCanvas.Ink);
        svg.Text(new(20, 30), "forward: compute and remember each value", 13, "start", SvgCanvas.Forward, bold: true);

        string[] gradients = ["∂L/∂X", "∂L/∂Z₁", "∂L/∂H", "∂L/∂Z₂", "1"];
        string[] rules = ["· W₁", "⊙ (1 − H²)", "· W₂", "(softmax − onehot) / B"];
        var gradientShapes = gradients.Select((g, i) => svg.Box(new(60 + i * 235, 230), 74, 34, g, "#fdeeee", SvgCanvas.Backward, 13)).ToList();
        for (var i = operations.Length - 1; i >= 0; i--)
            svg.Arrow(gradientShapes[i + 1], gradientShapes[i], SvgCanvas.Backward, label: rules[i], labelOffset: -12);
        svg.Text(new(177, 285), "∂L/∂W₁ = (∂L/∂Z₁)ᵀ X,  ∂L/∂b₁ = Σ rows", 12, colour: SvgCanvas.Backward);
        svg.Text(new(177 + 2 * 235, 285), "∂L/∂W₂ = (∂L/∂Z₂)ᵀ H,  ∂L/∂b₂ = Σ rows", 12, colour: SvgCanvas.Backward);
        svg.Text(new(20, 315), "backward: from the loss to the inputs, each link applies its local rule (the chain rule, 链式法则)", 13, "start", SvgCanvas.Backward, bold: true);
        return new DiagramView("Backpropagation on a computational graph", "Blue: the forward pass, left to right, keeps every intermediate value. Red: the backward pass starts from ∂L/∂L = 1 and walks right to left; each link turns the gradient of its output into the gradient of its input (and of its weights) using only what it remembered.", svg.ToSvg("Backpropagation on a computational graph"));
    }

    /// <summary>The five steps every training loop repeats (chapter 04).</summary>
    public static DiagramView TrainingLoop()
    {
        var svg = Canvas(760, 300, "loop");
        string[] steps = ["optimizer.zero_grad()\nforget old gradients", "model.forward(x)\npredictions", "loss(predictions, y)\none number", "loss.backward()\nautograd fills .grad", "optimizer.step()\nθ ← θ − η · update"];
        var centre = new Point(380, 150);
        var shapes = new List<Shape>();
        for (var i = 0; i < steps.Length; i++)
        {
            var angle = -Math.PI / 2 + 2 * Math.PI * i / steps.Length;
            shapes.Add(svg.Box(new(centre.X + 290 * Math.Cos(angle), centre.Y + 108 * Math.Sin(angle)), 180, 46, steps[i], i == 3 ? "#fdeeee" : "#eef4fb", fontSize: 12));
        }
        for (var i = 0; i < steps.Length; i++) svg.Arrow(shapes[i], shapes[(i + 1) % steps.Length], SvgCanvas.Forward);
        svg.Text(centre, "one mini-batch (批量) per turn", 13, colour: SvgCanvas.Muted);
        return new DiagramView("The training loop", "Every framework's training step is these five calls, repeated for each mini-batch; an epoch (轮) is one pass over the training data. Forgetting zero_grad adds this step's gradients to the last one's.", svg.ToSvg("The training loop"));
    }
}
