from corecoach.cli.app import main

main()
