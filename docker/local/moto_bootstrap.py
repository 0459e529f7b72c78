#!/usr/bin/env python3
"""Bootstraps a moto server started with INITIAL_NO_AUTH_ACTION_COUNT=3: creates an IAM user, an access key
and an allow-all policy (the three unauthenticated requests), then the local buckets with that key.
Prints "<access key id> <secret>" on stdout for the caller to store (never logs them)."""
import sys

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
bootstrap = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bootstrap",
                 aws_secret_access_key="bootstrap")
iam = boto3.client("iam", **bootstrap)
iam.create_user(UserName="northshire-local")
key = iam.create_access_key(UserName="northshire-local")["AccessKey"]
iam.put_user_policy(UserName="northshire-local", PolicyName="all",
                    PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2", aws_access_key_id=key["AccessKeyId"],
                  aws_secret_access_key=key["SecretAccessKey"],
                  config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
for bucket in ("northshire-trust-exports", "northshire-lake", "northshire-exports"):
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
print(key["AccessKeyId"], key["SecretAccessKey"])
