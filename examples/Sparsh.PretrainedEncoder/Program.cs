using Sparsh.Examples.Cli;
using Sparsh.PretrainedEncoder;

// dotnet run -c Release --project examples/Sparsh.PretrainedEncoder -- --checkpoint xela_sparshskin_tiny.pth [--out DIR] ...; --help lists every option.
return ExampleApp.Run<PretrainedEncoderCommand>("Sparsh.PretrainedEncoder", args);
