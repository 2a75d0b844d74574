using Wick.ModelTool;

// wick-model: tools that make models. Each verb lives in its own command class.
return args switch
{
    ["train-tiny", .. var rest] => TrainTinyCommand.Run(rest),
    ["synth", .. var rest] => SynthCommand.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: wick-model <verb> [options]
          train-tiny   train the tiny arithmetic model and export models/tiny-arith/{tiny-arith.gguf,manifest.json}
          synth        write a random-weight GGUF at a real llama shape into the model cache
        run 'wick-model <verb> --help' for a verb's options
        """);
    return 2;
}
