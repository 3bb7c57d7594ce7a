// resources
