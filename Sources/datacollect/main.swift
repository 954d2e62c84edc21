import DataCollectCLI

await DataCollectCommand.runFromCommandLine()
