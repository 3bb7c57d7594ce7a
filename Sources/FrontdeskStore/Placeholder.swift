// FrontdeskStore
