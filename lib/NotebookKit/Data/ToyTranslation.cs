using System.Text;

namespace NotebookKit.Data;

/// <summary>One sentence pair, tokens separated by spaces.</summary>
public sealed record SentencePair(string English, string Chinese)
{
    public string[] EnglishTokens => English.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    public string[] ChineseTokens => Chinese.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A toy English→Chinese corpus from a small grammar written for the kit. English puts time and
/// place at the end ("she drank hot tea at home yesterday"); Chinese puts them before the verb
/// and marks a completed past action with 了 or the future with 会 ("她 昨天 在 家 喝 了 热 茶").
/// So a translator must move words across the sentence: attention maps show that as
/// off-diagonal alignment. Two actions may be joined ("… tea and ate apples …"), which makes
/// long sentences for the fixed-length bottleneck to fail on.
/// </summary>
public static class ToyTranslation
{
    private sealed record Subject(string English, string Chinese, bool ThirdSingular);
    /// <param name="MarksPast">Whether the past takes 了 (a completed action); states such as 想要 do not.</param>
    private sealed record Verb(string Base, string Third, string Past, string Chinese, string[] Objects, bool MarksPast = true);
    private enum Tense { Present, Past, Future }

    private static readonly Subject[] Subjects =
    [
        new("i", "我", false), new("you", "你", false), new("he", "他", true), new("she", "她", true),
        new("we", "我们", false), new("they", "他们", false), new("the teacher", "老师", true), new("my friend", "我 的 朋友", true),
    ];

    private static readonly Verb[] Verbs =
    [
        new("eat", "eats", "ate", "吃", ["apples", "rice", "noodles", "bread", "dumplings"]),
        new("drink", "drinks", "drank", "喝", ["tea", "water", "coffee", "milk"]),
        new("buy", "buys", "bought", "买", ["apples", "bread", "books", "tea", "coffee", "newspapers"]),
        new("read", "reads", "read", "看", ["books", "newspapers"]),
        new("want", "wants", "wanted", "想要", ["apples", "tea", "books", "noodles", "coffee"], MarksPast: false),
        new("cook", "cooks", "cooked", "做", ["rice", "noodles", "dumplings"]),
    ];

    private static readonly Dictionary<string, string> Objects = new()
    {
        ["apples"] = "苹果", ["rice"] = "米饭", ["noodles"] = "面条", ["bread"] = "面包", ["dumplings"] = "饺子", ["tea"] = "茶",
        ["water"] = "水", ["coffee"] = "咖啡", ["milk"] = "牛奶", ["books"] = "书", ["newspapers"] = "报纸",
    };

    private static readonly (string English, string Chinese)[] Adjectives =
        [("red", "红"), ("big", "大"), ("small", "小"), ("hot", "热"), ("cold", "冷"), ("new", "新"), ("good", "好")];

    private static readonly (string English, string Chinese)[] Places =
        [("at home", "在 家"), ("at school", "在 学校"), ("in the park", "在 公园"), ("in the office", "在 办公室"), ("in the restaurant", "在 饭馆")];

    private static readonly (string English, string Chinese, Tense Tense)[] Times =
    [
        ("yesterday", "昨天", Tense.Past), ("last week", "上周", Tense.Past), ("today", "今天", Tense.Present),
        ("every day", "每天", Tense.Present), ("tomorrow", "明天", Tense.Future), ("next week", "下周", Tense.Future),
    ];

    /// <summary>One random sentence pair: one action, or two joined by "and" (，in Chinese).</summary>
    public static SentencePair Sample(Random random)
    {
        var subject = Subjects[random.Next(Subjects.Length)];
        var place = random.NextDouble() < 0.5 ? Places[random.Next(Places.Length)] : default;
        var time = random.NextDouble() < 0.7 ? Times[random.Next(Times.Length)] : default;
        var tense = time.English is null ? Tense.Present : time.Tense;
        var actions = random.NextDouble() < 0.4 ? 2 : 1;

        var english = new List<string> { subject.English };
        var chineseActions = new List<string>();
        for (var a = 0; a < actions; a++)
        {
            var verb = Verbs[random.Next(Verbs.Length)];
            var obj = verb.Objects[random.Next(verb.Objects.Length)];
            var adjective = random.NextDouble() < 0.5 ? Adjectives[random.Next(Adjectives.Length)] : default;
            if (a > 0) { english.Add("and"); chineseActions.Add("，"); }
            english.Add(tense switch
            {
                Tense.Past => verb.Past,
                Tense.Future => a == 0 ? "will " + verb.Base : verb.Base,
                _ => subject.ThirdSingular ? verb.Third : verb.Base,
            });
            if (adjective.English is not null) english.Add(adjective.English);
            english.Add(obj);
            chineseActions.Add(verb.Chinese);
            if (tense == Tense.Past && verb.MarksPast) chineseActions.Add("了");
            if (adjective.Chinese is not null) chineseActions.Add(adjective.Chinese);
            chineseActions.Add(Objects[obj]);
        }
        if (place.English is not null) english.Add(place.English);
        if (time.English is not null) english.Add(time.English);

        // Chinese: subject, time, (会), place, then the actions.
        var chinese = new List<string> { subject.Chinese };
        if (time.Chinese is not null) chinese.Add(time.Chinese);
        if (tense == Tense.Future) chinese.Add("会");
        if (place.Chinese is not null) chinese.Add(place.Chinese);
        chinese.AddRange(chineseActions);
        return new SentencePair(string.Join(' ', english), string.Join(' ', chinese));
    }

    /// <summary>
    /// <paramref name="count"/> distinct sentence pairs from a seeded generator, in generation order.
    /// </summary>
    public static IReadOnlyList<SentencePair> Generate(int count, int seed)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected a positive number of sentences.");
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<SentencePair>();
        var attempts = 0;
        while (pairs.Count < count)
        {
            if (++attempts > count * 50) throw new InvalidOperationException($"The grammar cannot produce {count} distinct sentences.");
            var pair = Sample(random);
            if (seen.Add(pair.English)) pairs.Add(pair);
        }
        return pairs;
    }

    /// <summary>The shipped corpus's recipe: 12,000 distinct pairs from seed 2026, split 10,000 / 1,000 / 1,000.</summary>
    public static (IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Validation, IReadOnlyList<SentencePair> Test) GenerateSplits()
    {
        var all = Generate(12_000, seed: 2026);
        return (all.Take(10_000).ToArray(), all.Skip(10_000).Take(1_000).ToArray(), all.Skip(11_000).ToArray());
    }

    /// <summary>Tab-separated lines: English, a tab, Chinese.</summary>
    public static string ToTsv(IEnumerable<SentencePair> pairs) =>
        string.Concat(pairs.Select(p => $"{p.English}\t{p.Chinese}\n"));

    /// <summary>Reads a file written by <see cref="ToTsv"/>, with line numbers in errors.</summary>
    public static IReadOnlyList<SentencePair> ReadTsv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file not found: {path}", path);
        var pairs = new List<SentencePair>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
                throw new InvalidDataException($"{path}, line {number}: expected 'English<TAB>Chinese', got '{line}'.");
            pairs.Add(new SentencePair(parts[0], parts[1]));
        }
        return pairs;
    }

    /// <summary>The shipped corpus folder: data/toy-translation above the current folder or the kit's assembly.</summary>
    public static string FindShippedFolder() => ShippedData.Find("toy-translation", "train.tsv");

    /// <summary>Loads the shipped train/validation/test files.</summary>
    public static (IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Validation, IReadOnlyList<SentencePair> Test) LoadShipped(string? folder = null)
    {
        folder ??= FindShippedFolder();
        return (ReadTsv(Path.Combine(folder, "train.tsv")), ReadTsv(Path.Combine(folder, "validation.tsv")), ReadTsv(Path.Combine(folder, "test.tsv")));
    }
}
