"""boto3 against an S3 endpoint on loopback: the tests' outside reader of what publish stored.

    s3_probe.py ENDPOINT mkbucket BUCKET
    s3_probe.py ENDPOINT head BUCKET KEY...   -> {"KEY": {"ContentType": ..., "CacheControl": ...}}
"""
import json
import sys

import boto3


def main():
    endpoint, command, bucket, *keys = sys.argv[1:]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    if command == "mkbucket":
        s3.create_bucket(Bucket=bucket)
    elif command == "head":
        out = {}
        for key in keys:
            head = s3.head_object(Bucket=bucket, Key=key)
            out[key[len("published/"):]] = {
                "ContentType": head.get("ContentType", ""),
                "CacheControl": head.get("CacheControl", ""),
            }
        print(json.dumps(out))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
