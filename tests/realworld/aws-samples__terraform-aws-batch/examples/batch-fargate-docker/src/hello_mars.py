import boto3

print("You have landed on the planet Mars!")