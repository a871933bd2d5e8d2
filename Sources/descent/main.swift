import DescentCommands

DescentCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
