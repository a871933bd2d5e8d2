import DescentCommands

DescentCommand.main()
