// FrontdeskUI
