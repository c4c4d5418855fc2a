#!/usr/bin/env python3
"""Talks to a moto S3 server for the tests (boto3).

  s3_tool.py setup ENDPOINT BUCKET   creates an IAM user with an S3 policy and a bucket, while moto
                                      still accepts unsigned set-up calls (INITIAL_NO_AUTH_ACTION_COUNT);
                                      prints {"key": ..., "secret": ...}
  s3_tool.py list ENDPOINT BUCKET KEY SECRET   prints {object name: sha256 of its bytes}
"""
import hashlib
import json
import sys

import boto3

def client(service, endpoint, key="setup", secret="setup"):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret)

def setup(endpoint, bucket):
    iam = client("iam", endpoint)
    iam.create_user(UserName="receipts")
    policy = iam.create_policy(PolicyName="receipts-s3", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    iam.attach_user_policy(UserName="receipts", PolicyArn=policy["Policy"]["Arn"])
    key = iam.create_access_key(UserName="receipts")["AccessKey"]
    s3 = client("s3", endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    s3.create_bucket(Bucket=bucket)
    print(json.dumps({"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}))

def list_objects(endpoint, bucket, key, secret):
    s3 = client("s3", endpoint, key, secret)
    out = {}
    for obj in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
        out[obj["Key"]] = hashlib.sha256(body).hexdigest()
    print(json.dumps(out))

if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(*sys.argv[2:4])
    else:
        list_objects(*sys.argv[2:6])
