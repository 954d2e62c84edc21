import DataCollectCLI

DataCollectCommand.runFromCommandLine()
