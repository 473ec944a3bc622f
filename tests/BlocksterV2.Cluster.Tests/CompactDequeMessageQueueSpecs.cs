using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using BlocksterV2.Cluster.Entities;

namespace BlocksterV2.Cluster.Tests;

public sealed class CompactDequeMessageQueueSpecs
{
    private static Envelope Message(int n) => new(n, ActorRefs.NoSender);

    [Fact]
    public void Messages_come_out_in_the_order_they_went_in_across_growth_and_wrap_around()
    {
        var queue = new CompactDequeMessageQueue();
        var expected = new Queue<int>();
        var next = 0;
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < round % 7 + 1; i++)
            {
                queue.Enqueue(ActorRefs.Nobody, Message(next));
                expected.Enqueue(next++);
            }
            for (var i = 0; i < round % 5 + 1 && expected.Count > 0; i++)
            {
                Assert.True(queue.TryDequeue(out var envelope));
                Assert.Equal(expected.Dequeue(), envelope.Message);
            }
            Assert.Equal(expected.Count, queue.Count);
            Assert.Equal(expected.Count > 0, queue.HasMessages);
        }
    }

    [Fact]
    public void Unstashed_messages_go_before_everything_already_queued()
    {
        var queue = new CompactDequeMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, Message(3));
        queue.Enqueue(ActorRefs.Nobody, Message(4));
        queue.EnqueueFirst(Message(2));
        queue.EnqueueFirst(Message(1));

        var order = new List<object>();
        while (queue.TryDequeue(out var envelope))
            order.Add(envelope.Message);

        Assert.Equal([1, 2, 3, 4], order);
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void An_empty_queue_dequeues_nothing_and_clean_up_hands_leftovers_to_dead_letters()
    {
        var queue = new CompactDequeMessageQueue();
        Assert.False(queue.TryDequeue(out _));
        for (var i = 0; i < 40; i++)
            queue.Enqueue(ActorRefs.Nobody, Message(i));

        var deadLetters = new UnboundedMessageQueue();
        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.Equal(0, queue.Count);
        Assert.Equal(40, deadLetters.Count);
        Assert.True(deadLetters.TryDequeue(out var first));
        Assert.Equal(0, first.Message);
    }

    [Fact]
    public async Task Concurrent_senders_lose_no_message()
    {
        var queue = new CompactDequeMessageQueue();
        const int senders = 4, each = 5_000;
        var received = new List<int>();
        var cancel = TestContext.Current.CancellationToken;
        var producing = Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
                queue.Enqueue(ActorRefs.Nobody, Message(s * each + i));
        }, cancel)).ToArray();
        var consuming = Task.Run(() =>
        {
            while (received.Count < senders * each)
            {
                if (queue.TryDequeue(out var envelope))
                    received.Add((int)envelope.Message);
            }
        }, cancel);
        await Task.WhenAll(producing);
        await consuming.WaitAsync(TimeSpan.FromSeconds(30), cancel);

        Assert.Equal(Enumerable.Range(0, senders * each), received.Order());
    }
}
