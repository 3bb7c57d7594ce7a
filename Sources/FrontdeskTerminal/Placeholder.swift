// FrontdeskTerminal
